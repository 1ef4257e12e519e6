import Fluent
import KaiguulCore
import Vapor

enum CaseShow {
    struct Model {
        var record: CaseRecord
        /// Region and organisation chosen at creation, in the viewer's language; site or account.
        var origin: CaseOrigin
        var events: [CaseEvent]
        var evidence: [CaseEvidence]
        /// The evidence rows with what they point at, for the timeline.
        var entries: [CaseEvidenceEntry]
        /// Captures of the target or sources the case does not hold yet (analysts only).
        var attachable: [Capture]
        var canAttach: Bool
        /// For a mirror's case: the original case's court decision it rests on (for viewers of court decisions).
        var parentDecision: CourtDecision?
        /// The original case's number, when the viewer may open it.
        var parentCaseID: Int?
        /// Cases opened for mirrors of this one.
        var mirrors: [CaseRecord]
        var documents: [DocumentRecord]
        /// Openings, downloads and packagings of the case's evidence, newest first (`CustodyTrail`).
        var custody: CustodyList
        var decisions: [CourtDecision]
        var orders: [BlockOrder]
        /// The latest check of each block order.
        var checks: [Int: ReachabilityCheck]
        /// Each provider network's latest verdict per order (`OrderEnforcement`).
        var enforcement: [Int: OrderEnforcement] = [:]
        var actions: [CaseAction.Kind]
        var experts: [User]
        var people: [Int: String]
        var canComment: Bool
        var canUpload: Bool
        var canAssign: Bool
        var csrf: String
        /// A refused or invalid step, shown above the forms.
        var error: AppError?
        var values: TransitionRequest.Raw?
        /// Screenshots and videos kept beside the evidence's captures, by capture id (`CaseShow+Captured`).
        var captured = CapturedEvidence()
        /// Other sites on the addresses of the targets it orders or may order (`CollateralCheck`).
        var collateral: [String: [CollateralCheck.Finding]] = [:]
    }

    static func load(id: Int, request req: Request, user: CurrentUser, error: AppError? = nil,
                     values: TransitionRequest.Raw? = nil) async throws -> Model {
        let record = try await CaseQuery.find(id, on: req.db, user: user)
        let events = try await CaseEvent.query(on: req.db).filter(\.$caseID == id).sort(\.$id).all()
        let evidence = try await CaseEvidence.query(on: req.db).filter(\.$caseID == id).sort(\.$id).all()
        let documents = try await DocumentRecord.query(on: req.db).filter(\.$caseID == id).sort(\.$id).all()
        // Decisions and orders only for roles that may view them (an expert may not), like every other row.
        let seen = req.visibility
        let decisions = seen.sees(.courtDecision)
            ? try await CourtDecision.query(on: req.db).filter(\.$caseID == id).sort(\.$id).all() : []
        let orders = seen.sees(.blockOrder)
            ? try await BlockOrder.query(on: req.db).filter(\.$caseID == id).sort(\.$id).all() : []
        var checks: [Int: ReachabilityCheck] = [:]
        let orderIDs = orders.compactMap(\.id)
        if !orderIDs.isEmpty {
            for check in try await ReachabilityCheck.query(on: req.db).filter(\.$blockOrderID ~~ orderIDs)
                .sort(\.$id).all() {
                checks[check.blockOrderID] = check
            }
        }
        let enforcement = try await OrderEnforcement.of(orderIDs: orderIDs, on: req.db)
        let entries = try await CaseEvidenceQuery.entries(caseID: id, on: req.db)
        let custody = try await CustodyTrail.query(caseID: id, on: req.db)
        let canAttach = CaseEvidenceStore.roles.contains(user.role)
        let attachable = canAttach ? try await CaseEvidenceQuery.attachable(record: record, entries: entries, on: req.db)
            : []
        let parentDecision = seen.sees(.courtDecision)
            ? try await record.parentCaseID.asyncMap { try await CaseStore.orderedDecision(caseID: $0, on: req.db) }
                ?? nil
            : nil
        let parentCaseID = try await record.parentCaseID.asyncMap { parent in
            try await CaseQuery.base(on: req.db, user: user).filter(\.$id == parent).count() > 0 ? parent : nil
        } ?? nil
        let mirrors = try await CaseQuery.base(on: req.db, user: user).filter(\.$parentCaseID == id).sort(\.$id)
            .limit(200).all()
        let actions = CaseActions.available(for: record, user: user)
        // The list of experts is for the form that refers a case, so only whoever may refer sees it.
        let experts = actions.contains(.referToExpert)
            ? try await User.query(on: req.db).filter(\.$roleRaw == Role.expert.rawValue)
                .filter(\.$disabled == false).sort(\.$username).limit(500).all()
            : []
        var ids = Set(events.compactMap(\.actorID))
        if let a = record.assigneeID { ids.insert(a) }
        if let e = record.expertID { ids.insert(e) }
        let users = ids.isEmpty ? [] : try await User.query(on: req.db).filter(\.$id ~~ Array(ids)).all()
        let people = Dictionary(users.compactMap { u in u.id.map { ($0, u.displayName) } }, uniquingKeysWith: { a, _ in a })
        let origin = try await CaseOrigin.load(record, language: req.language, on: req.db)
        var model = Model(record: record, origin: origin, events: events, evidence: evidence, entries: entries, attachable: attachable,
                     canAttach: canAttach, parentDecision: parentDecision, parentCaseID: parentCaseID,
                     mirrors: mirrors,
                     documents: documents, custody: CustodyList(rows: custody.rows, total: custody.total),
                     decisions: decisions,
                     orders: orders, checks: checks, actions: actions,
                     experts: experts, people: people, canComment: req.can(.update, .case),
                     canUpload: req.can(.create, .document), canAssign: req.can(.create, .case),
                     csrf: CSRFMiddleware.token(for: req), error: error, values: values,
                     captured: try await CapturedEvidence.load(entries: entries, app: req.application),
                     collateral: try await CollateralCheck.forCase(record, orders: orders, actions: actions, on: req.db))
        model.enforcement = enforcement
        return model
    }
}
