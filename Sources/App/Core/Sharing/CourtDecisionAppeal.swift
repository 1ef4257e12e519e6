import Fluent
import KaiguulCore
import Vapor

/// Where a court decision stands on appeal. A legal officer records that it was appealed or became
/// final; `overturned` is never recorded by hand, it follows from a recorded decision that reverses
/// it. The state leaves with every object that rests on the decision (STIX legal basis, MISP).
enum CourtDecisionAppeal {
    /// The states a person may record next. Final is final: nothing follows it but a reversal.
    static func next(after state: AppealState) -> [AppealState] {
        switch state {
        case .appealable: [.appealed, .final]
        case .appealed: [.final]
        case .final, .overturned: []
        }
    }

    /// The decision's state as it should be read: overturned when one of `decisions` reverses it.
    static func state(of decision: CourtDecision, among decisions: [CourtDecision]) -> AppealState {
        if let id = decision.id, decisions.contains(where: { $0.reversesID == id && $0.outcome == "reversed" }) {
            return .overturned
        }
        return AppealState(rawValue: decision.appealState) ?? .appealable
    }

    /// Records `state` (`appealed` or `final`) on a decision, audited in the same transaction.
    /// Returns the decision's case, for the page to go back to.
    @discardableResult
    static func record(_ decisionID: Int, state raw: String?, actor: AuditActor, app: Application) async throws -> Int? {
        var errors: [String: AppError] = [:]
        guard let wanted = FieldRules.choice(raw, AppealState.self, field: "appeal_state", into: &errors) else {
            throw errors["appeal_state"] ?? AppError.invalid("appeal_state", "error.required")
        }
        return try await app.write { db in
            guard let decision = try await CourtDecision.find(decisionID, on: db) else { throw AppError.notFound }
            let reversing = try await CourtDecision.query(on: db).filter(\.$reversesID == decisionID)
                .filter(\.$outcome == "reversed").all()
            let current = state(of: decision, among: reversing)
            guard next(after: current).contains(wanted) else {
                throw AppError(status: .conflict, message: "sharing.error.appeal_step", field: "appeal_state")
            }
            decision.appealState = wanted.rawValue
            try await decision.update(on: db)
            var details = ["from": current.rawValue, "to": wanted.rawValue, "number": decision.number]
            if let caseID = decision.caseID { details["case_id"] = String(caseID) }
            try await AuditLog.append(on: db, actor: actor, action: "court_decision.appeal", objectType: "court_decision",
                                      objectID: String(decisionID), details: details)
            return decision.caseID
        }
    }
}
