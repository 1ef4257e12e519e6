/// Why the workflow refused an action. `code` is stable: API clients and translations key on it.
public enum CaseRefusal: Error, Sendable, Hashable, Codable {
    /// The actor's role may not take this action on any case (the system actor has no role: nil).
    case notPermitted(role: Role?, action: CaseAction.Kind)
    /// The action does not leave this state.
    case wrongState(from: CaseState, action: CaseAction.Kind)
    /// The action needs a stored document that is not there.
    case missingDocument(DocumentKind)
    /// A court order must name the case's domain, URL or account; this decision does not.
    case decisionDoesNotNameTarget
    /// Only the expert the case was referred to may conclude it. The caller should answer as if the
    /// case did not exist (404), so other experts cannot learn of it.
    case notReferredToYou
    /// A referral must name a user who holds the expert role.
    case nomineeNotExpert
    /// A case is marked blocked only while a block order resting on its decision is in force.
    case noActiveBlockOrder
    /// A block is lifted only by a court decision that reverses the order.
    case noReversingDecision
    /// The step needs written grounds.
    case missingGrounds
    /// A court decision cannot be dated after today (or carry no date at all).
    case decisionDateInFuture
    /// A court decision cannot be older than the case's submission to the court.
    case decisionDateBeforeSubmission
    /// The decision's document already stands for another recorded decision.
    case decisionDocumentUsed

    public enum DocumentKind: String, Sendable, Hashable, Codable, CaseIterable {
        case expertConclusion = "expert_conclusion"
        case courtDecision = "court_decision"
    }

    /// How the caller should answer, without the core knowing about HTTP.
    public enum Category: String, Sendable, Hashable {
        /// The role may never do this (HTTP 403).
        case forbidden
        /// The case must look absent to this actor (HTTP 404).
        case hidden
        /// The case is not in a state that allows it (HTTP 409).
        case conflict
        /// Something required is missing or wrong in what was submitted (HTTP 422).
        case unprocessable
    }

    public var code: String {
        switch self {
        case .notPermitted: "not_permitted"
        case .wrongState: "wrong_state"
        case .missingDocument(let kind): "missing_document.\(kind.rawValue)"
        case .decisionDoesNotNameTarget: "decision_does_not_name_target"
        case .notReferredToYou: "not_referred_to_you"
        case .nomineeNotExpert: "nominee_not_expert"
        case .noActiveBlockOrder: "no_active_block_order"
        case .noReversingDecision: "no_reversing_decision"
        case .missingGrounds: "missing_grounds"
        case .decisionDateInFuture: "decision_date_in_future"
        case .decisionDateBeforeSubmission: "decision_date_before_submission"
        case .decisionDocumentUsed: "decision_document_used"
        }
    }

    public var category: Category {
        switch self {
        case .notPermitted: .forbidden
        case .notReferredToYou: .hidden
        case .wrongState, .noActiveBlockOrder: .conflict
        case .missingDocument, .decisionDoesNotNameTarget, .nomineeNotExpert, .noReversingDecision,
            .missingGrounds, .decisionDateInFuture, .decisionDateBeforeSubmission, .decisionDocumentUsed:
            .unprocessable
        }
    }
}
