import Exchange
import Fluent
import Foundation
import KaiguulCore
import Vapor

@testable import App

/// Walks cases through the workflow as fictional people, through the same `CaseStore` paths as the web
/// and the API. Test and demo code only: the shipped `kaiguul` binary does not link this target.
enum CaseFixtures {
    struct People: Sendable {
        var analyst: CaseStore.Actor
        var expert: CaseStore.Actor
        var legal: CaseStore.Actor
    }

    /// Three people invented for one walk (`fixture-analyst-…`, `fixture-expert-…`, `fixture-legal-…`),
    /// with passwords nobody knows. `retire` disables them when the walk is done.
    static func people(app: Application) async throws -> People {
        let tag = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        return try await people(app: app, analyst: "fixture-analyst-" + tag, expert: "fixture-expert-" + tag,
                                legal: "fixture-legal-" + tag)
    }

    /// The named accounts, created when missing (the demo's own logins, inside the demo database).
    static func people(app: Application, analyst: String, expert: String, legal: String) async throws -> People {
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

    /// Disables the invented people: they leave their steps in the history, not accounts to sign in with.
    static func retire(_ people: People, app: Application) async throws {
        for actor in [people.analyst, people.expert, people.legal] {
            guard let id = actor.userID else { continue }
            try await UserStore.setDisabled(id, disabled: true, actor: .commandLine, app: app)
        }
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
        return try await walking(people, app: app) {
            let input = try CaseInput.validate(.init(title: "Fixture " + text, target: text))
            let id = try await CaseStore.open(input, actor: people.analyst, app: app)
            try await advance(caseID: id, target: input.target, to: .blocked, people: people, app: app)
            return id
        }
    }

    static func lift(target text: String, app: Application) async throws -> Int {
        let canonical = try CaseInput.parseTarget(text, field: "target").canonical
        guard let record = try await CaseRecord.query(on: app.db).filter(\.$target == canonical)
            .filter(\.$state == CaseState.blocked.rawValue).first(), let id = record.id
        else { throw CommandFailure("No blocked case for \(canonical)") }
        let people = try await people(app: app)
        return try await walking(people, app: app) {
            try await lift(caseID: id, people: people, app: app)
            return id
        }
    }

    /// Runs a walk and retires its people whether or not the walk got through.
    private static func walking(_ people: People, app: Application, _ walk: () async throws -> Int) async throws
        -> Int
    {
        do {
            let id = try await walk()
            try await retire(people, app: app)
            return id
        } catch {
            try? await retire(people, app: app)
            throw error
        }
    }
}
