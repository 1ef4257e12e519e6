import Exchange
import Fluent
import Foundation
import KaiguulCore
import SQLKit
import Vapor

/// Every write to a case goes through here: one transaction per step, holding the state change, its
/// `case_events` row, its audit row and the step's effects (block orders, linked case). The facts the
/// workflow decides on are read from the database inside that transaction, never taken from the client.
enum CaseStore {
    /// The workflow refused the step; nothing was written.
    struct Refused: Error, Sendable {
        var refusal: CaseRefusal

        var status: HTTPResponseStatus {
            switch refusal.category {
            case .forbidden: .forbidden
            case .hidden: .notFound
            case .conflict: .conflict
            case .unprocessable: .unprocessableEntity
            }
        }

        /// The field a form should mark, for refusals caused by what was submitted.
        var field: String? {
            switch refusal {
            case .missingDocument: "document_id"
            case .decisionDoesNotNameTarget: "targets"
            case .nomineeNotExpert: "expert_id"
            case .missingGrounds: "grounds"
            case .noReversingDecision: "number"
            case .decisionDateInFuture, .decisionDateBeforeSubmission: "date"
            case .decisionDocumentUsed: "document_id"
            default: nil
            }
        }
    }

    /// Someone else moved the case between reading and writing it (the version changed): 409.
    struct Stale: Error, Sendable {}

    /// Who acts: a signed-in person, or the system (only for `markBlocked`).
    struct Actor: Sendable {
        var userID: Int?
        var role: Role?
        var label: String

        init(_ user: CurrentUser) {
            userID = user.id
            role = user.role
            label = user.username
        }

        init(userID: Int?, role: Role?, label: String) {
            self.userID = userID
            self.role = role
            self.label = label
        }

        var caseActor: CaseActor {
            if let userID, let role { return .person(userID: String(userID), role: role) }
            return .system
        }

        var audit: AuditActor { AuditActor(id: userID, label: label) }
    }

    // MARK: - open

    /// Opens a case in state `new`. Only an analyst may (the workflow's `open` rule).
    /// With `evidence`, the case is opened holding those findings (items with their captures and
    /// media, tips, captures), all in the one transaction.
    static func open(_ input: CaseInput, evidence: EvidenceSelection = .init(), actor: Actor, app: Application)
        async throws -> Int
    {
        try await app.write { db in
            try await open(input, parentCaseID: nil, evidence: evidence, actor: actor, on: db)
        }
    }

    static func open(_ input: CaseInput, parentCaseID: Int?, evidence: EvidenceSelection = .init(), actor: Actor,
                     on db: any Database) async throws -> Int {
        switch CaseWorkflow.open(by: actor.caseActor) {
        case .failure(let refusal): throw Refused(refusal: refusal)
        case .success: break
        }
        if !evidence.isEmpty { try CaseEvidenceStore.check(evidence, actor: actor) }
        try await input.checkReferences(on: db)
        let record = CaseRecord()
        record.title = input.title
        record.target = input.target.canonical
        record.targetKind = input.target.kind.rawValue
        record.platform = input.platform
        record.regionID = input.regionID
        record.organizationID = input.organizationID
        record.state = CaseState.new.rawValue
        record.assigneeID = input.assigneeID
        record.parentCaseID = parentCaseID
        record.version = 1
        record.createdBy = actor.userID
        try await record.create(on: db)
        let id = try record.requireID()
        try await addEvent(caseID: id, action: CaseAction.Kind.open.rawValue, from: nil, to: .new,
                           grounds: input.note, documentID: nil, actor: actor, on: db)
        if let url = input.evidenceURL {
            let evidence = CaseEvidence()
            evidence.caseID = id
            evidence.kind = "url"
            evidence.url = url
            evidence.note = input.note
            evidence.addedBy = actor.userID
            evidence.addedAt = Date()
            try await evidence.create(on: db)
        }
        var details = ["target": record.target, "target_kind": record.targetKind]
        if let parentCaseID { details["parent_case_id"] = String(parentCaseID) }
        try await AuditLog.append(on: db, actor: actor.audit, action: "case.open", objectType: "case",
                                  objectID: String(id), details: details)
        if !evidence.isEmpty {
            let added = try await CaseEvidenceStore.attach(evidence, caseID: id, note: input.note, actor: actor, on: db)
            if !added.isEmpty { try await CaseEvidenceStore.record(added, caseID: id, note: input.note, actor: actor, on: db) }
        }
        return id
    }

    // MARK: - transitions

    struct Outcome: Sendable {
        var from: CaseState
        var to: CaseState
        var linkedCaseID: Int?
        var issuedOrders: [Int]
        var liftedOrders: [Int]
        /// For a mirror: the court decision of the original case the new case rests on.
        var mirroredDecisionID: Int?
    }

    /// A mirror's case holds the original court decision's document as evidence: the content was
    /// already found unlawful, and the new case's court submission cites that decision.
    private static func linkDecision(of caseID: Int, to linked: Int, actor: Actor, on db: any Database) async throws
        -> Int?
    {
        guard let decision = try await orderedDecision(caseID: caseID, on: db), let decisionID = decision.id else {
            return nil
        }
        let row = CaseEvidence()
        row.caseID = linked
        row.kind = CaseEvidenceKind.document.rawValue
        row.documentID = decision.documentID
        row.note = "Court decision \(decision.number) of \(decision.decidedOn) (case #\(caseID))"
        row.sha256 = try await DocumentRecord.find(decision.documentID, on: db)?.sha256
        row.addedBy = actor.userID
        row.addedAt = Date()
        try await row.create(on: db)
        try await AuditLog.append(on: db, actor: actor.audit, action: "case.mirror_of", objectType: "case",
                                  objectID: String(linked),
                                  details: ["parent_case_id": String(caseID), "court_decision_id": String(decisionID),
                                            "document_sha256": row.sha256 ?? ""])
        return decisionID
    }

    /// Decides and writes one step. Throws `Refused` (nothing written), `Stale` (someone else moved
    /// the case first), `AppError.notFound` (no such case, or an expert it was not referred to).
    static func transition(caseID: Int, _ request: TransitionRequest, actor: Actor, app: Application) async throws
        -> Outcome
    {
        var request = request
        if case .reportMirror = request.action, let mirror = request.mirror, request.mirrorCapture == nil {
            // The mirror is captured before the transaction (a fetch takes seconds), and only once the
            // workflow would allow the step: nobody fetches through a refused request.
            try await precheck(caseID: caseID, request, actor: actor, on: app.db)
            guard let address = CaseCapture.address(of: mirror) else {
                throw AppError.invalid("mirror_target", "case.error.no_address")
            }
            request.mirrorCapture = try await CaseCapture.capture(url: address, field: "mirror_target", app: app)
        }
        let ready = request
        return try await app.write { db in
            try await transition(caseID: caseID, ready, actor: actor, on: db)
        }
    }

    /// The workflow's answer without writing: for steps that do slow work before their transaction.
    static func precheck(caseID: Int, _ request: TransitionRequest, actor: Actor, on db: any Database) async throws {
        guard let record = try await CaseRecord.find(caseID, on: db), let state = CaseState(rawValue: record.state)
        else { throw AppError.notFound }
        if actor.role == .expert, record.expertID != actor.userID { throw AppError.notFound }
        let facts = try await facts(for: record, request: request, on: db)
        if case .failure(let refusal) = CaseWorkflow.decide(state: state, action: request.action,
                                                            actor: actor.caseActor, facts: facts) {
            throw Refused(refusal: refusal)
        }
    }

    static func transition(caseID: Int, _ request: TransitionRequest, actor: Actor, on db: any Database) async throws
        -> Outcome
    {
        guard let record = try await CaseRecord.find(caseID, on: db),
              let state = CaseState(rawValue: record.state)
        else { throw AppError.notFound }
        if actor.role == .expert, record.expertID != actor.userID { throw AppError.notFound }
        let version = record.version
        let facts = try await facts(for: record, request: request, on: db)
        let transition: CaseWorkflow.Transition
        switch CaseWorkflow.decide(state: state, action: request.action, actor: actor.caseActor, facts: facts) {
        case .failure(let refusal): throw Refused(refusal: refusal)
        case .success(let t): transition = t
        }
        if case .reportMirror = request.action, request.mirror == nil {
            throw AppError.invalid("mirror_target", "case.error.mirror_required")
        }

        var expertID = record.expertID
        if case .referToExpert(let nominee) = request.action { expertID = Int(nominee) }
        if transition.effects.contains(.clearReferral) { expertID = nil }
        try await claim(caseID: caseID, version: version, state: transition.to, expertID: expertID, on: db)

        var decisionID: Int?
        switch request.action {
        case .recordCourtDecision(let outcome):
            decisionID = try await recordDecision(caseID: caseID, request, outcome: outcome.rawValue, reverses: nil,
                                                  actor: actor, on: db)
        case .liftBlock:
            let reversed = try await orderedDecision(caseID: caseID, on: db)
            decisionID = try await recordDecision(caseID: caseID, request, outcome: "reversed", reverses: reversed?.id,
                                                  actor: actor, on: db)
        default:
            break
        }

        var outcome = Outcome(from: transition.from, to: transition.to, linkedCaseID: nil, issuedOrders: [],
                              liftedOrders: [], mirroredDecisionID: nil)
        if transition.effects.contains(.issueBlockOrders), let decisionID, let decision = request.decision {
            outcome.issuedOrders = try await BlockOrderStore.issue(caseID: caseID, decisionID: decisionID,
                                                                   targets: decision.targets, actor: actor, on: db)
        }
        if transition.effects.contains(.liftBlockOrders), let decisionID {
            outcome.liftedOrders = try await BlockOrderStore.lift(caseID: caseID, decisionID: decisionID, actor: actor,
                                                                  on: db)
        }
        if transition.effects.contains(.openLinkedCase), let mirror = request.mirror {
            guard let captured = request.mirrorCapture else {
                throw AppError.captureFailed(field: "mirror_target")
            }
            let input = CaseInput(title: record.title, target: mirror, platform: mirror.platformID,
                                  regionID: record.regionID, organizationID: record.organizationID,
                                  assigneeID: record.assigneeID, evidenceURL: nil,
                                  note: request.grounds)
            let linked = try await open(input, parentCaseID: caseID, evidence: captured.selection, actor: actor, on: db)
            outcome.linkedCaseID = linked
            outcome.mirroredDecisionID = try await linkDecision(of: caseID, to: linked, actor: actor, on: db)
        }

        try await addEvent(caseID: caseID, action: request.action.kind.rawValue, from: transition.from,
                           to: transition.to, grounds: request.grounds, documentID: request.documentID, actor: actor,
                           on: db)
        var details = ["from": transition.from.rawValue, "to": transition.to.rawValue]
        if let documentID = request.documentID { details["document_id"] = String(documentID) }
        if let decisionID { details["court_decision_id"] = String(decisionID) }
        if let linked = outcome.linkedCaseID { details["linked_case_id"] = String(linked) }
        if case .referToExpert(let nominee) = request.action { details["expert_id"] = nominee }
        if case .recordExpertConclusion(let finding) = request.action { details["finding"] = finding.rawValue }
        try await AuditLog.append(on: db, actor: actor.audit, action: "case." + request.action.kind.rawValue,
                                  objectType: "case", objectID: String(caseID), details: details)
        return outcome
    }

    /// A comment on the case: an event without a state change.
    static func comment(caseID: Int, text: String, actor: Actor, app: Application) async throws {
        try await app.write { db in
            guard let record = try await CaseRecord.find(caseID, on: db) else { throw AppError.notFound }
            if actor.role == .expert, record.expertID != actor.userID { throw AppError.notFound }
            try await addEvent(caseID: caseID, action: "comment", from: nil, to: nil, grounds: text, documentID: nil,
                               actor: actor, on: db)
            try await AuditLog.append(on: db, actor: actor.audit, action: "case.comment", objectType: "case",
                                      objectID: String(caseID))
        }
    }

    /// Who may be given a case: an enabled account of the case staff.
    static let assignableRoles: [Role] = [.analyst, .expert, .legal]

    static func checkAssignee(_ id: Int, on db: any Database) async throws {
        guard let user = try await User.find(id, on: db), !user.disabled, let role = user.role, assignableRoles.contains(role)
        else {
            throw AppError.invalid("assignee_id", "error.unknown_value")
        }
    }

    /// Changes the assignee (an analyst's housekeeping, not a workflow step).
    static func assign(caseID: Int, assigneeID: Int?, actor: Actor, app: Application) async throws {
        try await app.write { db in
            guard let record = try await CaseRecord.find(caseID, on: db) else { throw AppError.notFound }
            if let assigneeID { try await checkAssignee(assigneeID, on: db) }
            record.assigneeID = assigneeID
            try await record.update(on: db)
            try await addEvent(caseID: caseID, action: "assign", from: nil, to: nil,
                               grounds: assigneeID.map { "assignee \($0)" } ?? "unassigned", documentID: nil,
                               actor: actor, on: db)
            try await AuditLog.append(on: db, actor: actor.audit, action: "case.assign", objectType: "case",
                                      objectID: String(caseID),
                                      details: ["assignee_id": assigneeID.map(String.init) ?? ""])
        }
    }

    // MARK: - facts

    /// What the database says about the case and the request, for `CaseWorkflow.decide`.
    static func facts(for record: CaseRecord, request: TransitionRequest, on db: any Database) async throws
        -> CaseFacts
    {
        let caseID = try record.requireID()
        var facts = CaseFacts()
        facts.referredExpertID = record.expertID.map(String.init)
        facts.hasGrounds = !request.grounds.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        if case .referToExpert(let nominee) = request.action, let id = Int(nominee),
           let user = try await User.find(id, on: db), !user.disabled {
            facts.nomineeRole = user.role
        }
        let document = try await request.documentID.asyncFlatMap { id in
            try await DocumentRecord.find(id, on: db)
        }
        let documentFits = document.map { $0.caseID == caseID } ?? false
        // A conclusion counts only from the expert the case was referred to.
        facts.hasConclusionDocument = documentFits && document?.kind == DocumentKind.expertConclusion.rawValue
            && document?.uploadedBy != nil && document?.uploadedBy == record.expertID
        facts.hasDecisionDocument = documentFits && document?.kind == DocumentKind.courtDecision.rawValue
        if let decision = request.decision {
            facts.decisionNamesTarget = decision.targets.contains { $0.canonical == record.target }
        }
        facts.hasActiveBlockOrder = try await BlockOrder.query(on: db).filter(\.$caseID == caseID)
            .filter(\.$status == BlockOrderStatus.active.rawValue).count() > 0
        if let decision = request.decision {
            facts.decisionDate = decision.date
            facts.today = CaseDates.today()
            // The latest submission counts: an appeal submits the case again.
            let submitted = try await CaseEvent.query(on: db).filter(\.$caseID == caseID)
                .filter(\.$toState == CaseState.submittedToCourt.rawValue).sort(\.$id, .descending).first()
            facts.submittedOn = submitted.map { CaseDates.day(of: $0.at) }
            facts.decisionDocumentUsed = try await request.documentID.asyncMap { id in
                try await CourtDecision.query(on: db).filter(\.$documentID == id).count() > 0
            } ?? false
        }
        if case .liftBlock = request.action, request.decision != nil {
            // The reversal must be a decision of its own: the order's document (or any already
            // recorded decision's) cannot lift the block it ordered.
            let ordered = try await orderedDecision(caseID: caseID, on: db) != nil
            facts.decisionReversesOrder = ordered && !facts.decisionDocumentUsed
        }
        return facts
    }

    // MARK: - writing

    /// The optimistic lock: the update only lands if nobody moved the case since it was read. On
    /// PostgreSQL the second writer waits for the first's row lock, then finds the version changed.
    private static func claim(caseID: Int, version: Int, state: CaseState, expertID: Int?, on db: any Database)
        async throws
    {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let rows = try await sql.raw("""
            UPDATE cases SET state = \(bind: state.rawValue), version = version + 1, \
            expert_id = \(bind: expertID), updated_at = \(bind: Date()) \
            WHERE id = \(bind: caseID) AND version = \(bind: version) RETURNING id
            """).all()
        guard rows.count == 1 else { throw Stale() }
    }

    private static func recordDecision(caseID: Int, _ request: TransitionRequest, outcome: String, reverses: Int?,
                                       actor: Actor, on db: any Database) async throws -> Int
    {
        guard let input = request.decision, let documentID = request.documentID else {
            throw AppError.invalid("document_id", "case.error.document_required")
        }
        let decision = CourtDecision()
        decision.caseID = caseID
        decision.court = input.court
        decision.number = input.number
        decision.decidedOn = input.date
        decision.outcome = outcome
        decision.targets = input.targets.map(\.canonical).joined(separator: "\n")
        decision.documentID = documentID
        decision.reversesID = reverses
        decision.recordedBy = actor.userID
        decision.appealState = AppealState.appealable.rawValue
        decision.coversMirrors = input.coversMirrors
        try await decision.create(on: db)
        let id = try decision.requireID()
        try await AuditLog.append(on: db, actor: actor.audit, action: "court_decision.create",
                                  objectType: "court_decision", objectID: String(id),
                                  details: ["case_id": String(caseID), "outcome": outcome, "number": input.number])
        return id
    }

    /// The latest ordering decision of the case: what a reversal lifts.
    static func orderedDecision(caseID: Int, on db: any Database) async throws -> CourtDecision? {
        try await CourtDecision.query(on: db).filter(\.$caseID == caseID).filter(\.$outcome == "ordered")
            .sort(\.$id, .descending).first()
    }

    private static func addEvent(caseID: Int, action: String, from: CaseState?, to: CaseState?, grounds: String,
                                 documentID: Int?, actor: Actor, on db: any Database) async throws
    {
        // Every case write passes here; the rule itself lives in the workflow.
        guard CaseWorkflow.mayWrite(role: actor.role) else { throw AppError.forbidden }
        let event = CaseEvent()
        event.caseID = caseID
        event.actorID = actor.userID
        event.at = Date()
        event.action = action
        event.fromState = from?.rawValue
        event.toState = to?.rawValue
        event.grounds = grounds
        event.documentID = documentID
        try await event.create(on: db)
    }
}

enum BlockOrderStatus: String, Sendable {
    case active, lifted
}

enum DocumentKind: String, Sendable, CaseIterable {
    case expertConclusion = "expert_conclusion"
    case courtDecision = "court_decision"
    case evidence
}

