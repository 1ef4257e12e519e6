import Exchange
import Fluent
import Foundation
import KaiguulCore
import Vapor

/// `kaiguul blocklist-fixture block|lift TARGET...`: a development aid for the resolver test. It walks
/// a case through every step — open, review, expert, court, block — as fictional users, through the
/// same `CaseStore` paths as the web and the API, so the exported list is what real use produces.
struct BlocklistFixtureCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "step", help: "block TARGET... | lift TARGET")
        var step: String
        @Argument(name: "targets", help: "domains, URLs or accounts, comma-separated")
        var targets: String
    }

    var help: String { "Development: blocks or lifts targets through the full case workflow (for tests)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let targets = signature.targets.split(separator: ",").map { String($0) }
        switch signature.step {
        case "block":
            for target in targets {
                let id = try await CaseFixtures.block(target: target, app: app)
                context.console.print("case \(id): blocked \(target)")
            }
        case "lift":
            for target in targets {
                let id = try await CaseFixtures.lift(target: target, app: app)
                context.console.print("case \(id): lifted \(target)")
            }
        default:
            throw CommandFailure("Usage: kaiguul blocklist-fixture block|lift TARGET[,TARGET...]")
        }
    }
}

/// Walks cases through the workflow with fictional users; shared by the fixture command and the demo.
enum CaseFixtures {
    struct People: Sendable {
        var analyst: CaseStore.Actor
        var expert: CaseStore.Actor
        var legal: CaseStore.Actor
    }

    static func people(app: Application, analyst: String = "fixture-analyst", expert: String = "fixture-expert",
                       legal: String = "fixture-legal") async throws -> People {
        func user(_ name: String, _ role: Role) async throws -> CaseStore.Actor {
            if let existing = try await User.query(on: app.db).filter(\.$username == name).first(),
               let id = existing.id, let r = existing.role {
                return .init(userID: id, role: r, label: name)
            }
            let created = try await UserStore.create(username: name, displayName: name.capitalized, role: role,
                                                     password: Token.random(bytes: 24), mustChange: true,
                                                     actor: .commandLine, app: app)
            return .init(userID: created.id, role: role, label: name)
        }
        return People(analyst: try await user(analyst, .analyst), expert: try await user(expert, .expert),
                      legal: try await user(legal, .legal))
    }

    /// A minimal valid PDF standing in for a signed document.
    static func pdf(_ text: String) -> Data {
        Data("%PDF-1.4\n% \(text)\n%%EOF\n".utf8)
    }

    /// Moves a case from `new` up to `state` (one of the workflow's states on the way to `blocked`).
    @discardableResult
    static func advance(caseID: Int, target: BlockTarget, to state: CaseState, people: People, app: Application,
                        court: String = "Demo district court", number: String? = nil) async throws -> CaseState
    {
        func step(_ raw: TransitionRequest.Raw, _ actor: CaseStore.Actor) async throws {
            _ = try await CaseStore.transition(caseID: caseID, try TransitionRequest.validate(raw), actor: actor,
                                               app: app)
        }
        let order: [CaseState] = [.new, .inReview, .referredToExpert, .expertConfirmed, .submittedToCourt,
                                  .courtOrdered, .blocked]
        guard let goal = order.firstIndex(of: state) else { return .new }
        if goal >= 1 { try await step(.init(action: "start_review"), people.analyst) }
        if goal >= 2 {
            try await step(.init(action: "refer_to_expert", expert_id: String(people.expert.userID ?? 0)),
                           people.analyst)
        }
        if goal >= 3 {
            let doc = try await DocumentStore.store(pdf("conclusion \(caseID)"), filename: "conclusion-\(caseID).pdf",
                                                    kind: .expertConclusion, caseID: caseID, actor: people.expert,
                                                    app: app)
            try await step(.init(action: "record_expert_conclusion", document_id: String(doc.id), finding: "confirmed"),
                           people.expert)
        }
        if goal >= 4 { try await step(.init(action: "submit_to_court"), people.legal) }
        if goal >= 5 {
            let doc = try await DocumentStore.store(pdf("decision \(caseID)"), filename: "decision-\(caseID).pdf",
                                                    kind: .courtDecision, caseID: caseID, actor: people.legal, app: app)
            try await step(.init(action: "record_court_decision", document_id: String(doc.id), outcome: "ordered",
                                 court: court, number: number ?? "FIX-\(caseID)", date: CaseDates.today(),
                                 targets: target.canonical), people.legal)
        }
        if goal >= 6 { try await step(.init(action: "mark_blocked"), people.legal) }
        return state
    }

    static func lift(caseID: Int, people: People, app: Application) async throws {
        let doc = try await DocumentStore.store(pdf("reversal \(caseID)"), filename: "reversal-\(caseID).pdf",
                                                kind: .courtDecision, caseID: caseID, actor: people.legal, app: app)
        let request = try TransitionRequest.validate(.init(
            action: "lift_block", grounds: "Reversed on appeal", document_id: String(doc.id),
            court: "Demo appeal court", number: "REV-\(caseID)", date: CaseDates.today()))
        _ = try await CaseStore.transition(caseID: caseID, request, actor: people.legal, app: app)
    }

    static func block(target text: String, app: Application) async throws -> Int {
        let people = try await people(app: app)
        let input = try CaseInput.validate(.init(title: "Fixture " + text, target: text))
        let id = try await CaseStore.open(input, actor: people.analyst, app: app)
        try await advance(caseID: id, target: input.target, to: .blocked, people: people, app: app)
        return id
    }

    static func lift(target text: String, app: Application) async throws -> Int {
        let people = try await people(app: app)
        let canonical = try CaseInput.parseTarget(text, field: "target").canonical
        guard let record = try await CaseRecord.query(on: app.db).filter(\.$target == canonical)
            .filter(\.$state == CaseState.blocked.rawValue).first(), let id = record.id
        else { throw CommandFailure("No blocked case for \(canonical)") }
        try await lift(caseID: id, people: people, app: app)
        return id
    }
}
