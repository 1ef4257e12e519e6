/// The rules that carry a case from finding to court-ordered block (DESIGN.md, "Case states").
/// Pure: the caller gathers the facts from its records, asks, and writes the transition (with its
/// `case_events` and `audit_log` rows) only if the answer is a `Transition`.
///
/// Decisions the diagram leaves open, and why they are taken this way:
/// - `admin` may take no case action. Admins manage accounts and settings; letting them move cases
///   would let one account skip the expert and the court. `auditor`, `partner`, `provider`,
///   `coordinator` and `volunteer` take none either.
/// - `court_rejected` is not a dead end: `legal` may `appeal` (back to `submitted_to_court`), or an
///   analyst may `reopen` on new evidence (back to `in_review`, so a new expertise and a new court
///   decision are needed). `dismissed` may be reopened the same way. Both need written grounds.
/// - A referral can be withdrawn by an analyst (expert unavailable, conflict of interest) with
///   grounds; the case returns to review. An expert's own rejection ends in `expert_rejected`, from
///   which the only way on is `dismiss` (or `reopen` after dismissal): no quiet second referral.
/// - A reversing decision may arrive before providers applied the block, so `liftBlock` leaves
///   `court_ordered` as well as `blocked`.
/// - `lifted` is final: blocking the target again needs a new case and a new decision.
/// - The system may only `markBlocked`, and only while a block order is active.
///
/// Checks run in a fixed order, so the refusal is predictable: role, then (for a conclusion) the
/// referral, then the state, then the facts of the request.
public enum CaseWorkflow {
    /// An allowed step and what else the caller must do in the same transaction.
    public struct Transition: Sendable, Hashable {
        public let from: CaseState
        public let to: CaseState
        public let action: CaseAction
        public let effects: Set<Effect>
    }

    /// Work that follows from a transition, beyond changing the state.
    public enum Effect: String, Sendable, Hashable, Codable, CaseIterable {
        /// Issue a block order for each target the recorded court decision covers.
        case issueBlockOrders = "issue_block_orders"
        /// Lift the case's active block orders (they keep their history).
        case liftBlockOrders = "lift_block_orders"
        /// Open a new case for the reported mirror, linked to this one.
        case openLinkedCase = "open_linked_case"
        /// Forget the expert the case was referred to.
        case clearReferral = "clear_referral"
    }

    /// Roles that write nothing into a case, whatever a rule below says: an admin manages the
    /// accounts of the people who decide (and approves them, `AccountApproval` in App), so an admin
    /// who could also record a step would hold both pairs of eyes. Every rule checks this first, and
    /// the server's case stores check it again before writing any case row (`mayWrite`).
    public static let neverActs: Set<Role> = [.admin]

    /// Whether this role may write to a case at all (a step, a comment, an assignment, a document).
    /// The system actor (no role) may, within its own rule.
    public static func mayWrite(role: Role?) -> Bool {
        guard let role else { return true }
        return !neverActs.contains(role)
    }

    /// Opening a case: only an analyst does it, and a case always starts as `new`.
    public static func open(by actor: CaseActor) -> Result<CaseState, CaseRefusal> {
        guard rule(for: .open).permits(actor) else {
            return .failure(.notPermitted(role: actor.role, action: .open))
        }
        return .success(.new)
    }

    public static func decide(
        state: CaseState, action: CaseAction, actor: CaseActor, facts: CaseFacts
    ) -> Result<Transition, CaseRefusal> {
        let kind = action.kind
        let rule = rule(for: kind)
        guard rule.permits(actor) else {
            return .failure(.notPermitted(role: actor.role, action: kind))
        }
        if kind == .recordExpertConclusion {
            guard let userID = actor.userID, let referred = facts.referredExpertID, userID == referred else {
                return .failure(.notReferredToYou)
            }
        }
        guard rule.from.contains(state) else {
            return .failure(.wrongState(from: state, action: kind))
        }
        if let refusal = missingFact(for: action, facts: facts) {
            return .failure(refusal)
        }
        return .success(Transition(from: state, to: target(of: action, from: state), action: action,
                                   effects: effects(of: action)))
    }

    /// The action kinds this actor could take on a case in this state, if the request's facts are
    /// complete: the buttons a page offers. The server still decides each request with `decide`.
    public static func availableActions(state: CaseState, actor: CaseActor, facts: CaseFacts) -> [CaseAction.Kind] {
        CaseAction.representatives(expertID: actor.userID ?? "").compactMap { action in
            switch decide(state: state, action: action, actor: actor, facts: facts) {
            case .success:
                return action.kind
            case .failure(let refusal):
                switch refusal {
                case .notPermitted, .wrongState, .notReferredToYou: return nil
                default: return action.kind
                }
            }
        }.reduce(into: [CaseAction.Kind]()) { kinds, kind in
            if !kinds.contains(kind) { kinds.append(kind) }
        }
    }

    // MARK: - the rules

    private struct Rule {
        let roles: Set<Role>
        let system: Bool
        let from: Set<CaseState>

        func permits(_ actor: CaseActor) -> Bool {
            switch actor {
            case .system: system
            case .person(_, let role): CaseWorkflow.mayWrite(role: role) && roles.contains(role)
            }
        }
    }

    private static func rule(for kind: CaseAction.Kind) -> Rule {
        switch kind {
        case .open:
            Rule(roles: [.analyst], system: false, from: [])
        case .startReview:
            Rule(roles: [.analyst], system: false, from: [.new])
        case .dismiss:
            Rule(roles: [.analyst], system: false, from: [.new, .inReview, .expertRejected])
        case .referToExpert:
            Rule(roles: [.analyst], system: false, from: [.inReview])
        case .withdrawReferral:
            Rule(roles: [.analyst], system: false, from: [.referredToExpert])
        case .recordExpertConclusion:
            Rule(roles: [.expert], system: false, from: [.referredToExpert])
        case .submitToCourt:
            Rule(roles: [.legal], system: false, from: [.expertConfirmed])
        case .recordCourtDecision:
            Rule(roles: [.legal], system: false, from: [.submittedToCourt])
        case .appeal:
            Rule(roles: [.legal], system: false, from: [.courtRejected])
        case .markBlocked:
            Rule(roles: [.legal], system: true, from: [.courtOrdered])
        case .liftBlock:
            Rule(roles: [.legal], system: false, from: [.courtOrdered, .blocked])
        case .reportMirror:
            Rule(roles: [.analyst], system: false, from: [.blocked])
        case .reopen:
            Rule(roles: [.analyst], system: false, from: [.dismissed, .courtRejected])
        }
    }

    private static func missingFact(for action: CaseAction, facts: CaseFacts) -> CaseRefusal? {
        switch action {
        case .open, .startReview, .submitToCourt, .reportMirror:
            return nil
        case .dismiss, .withdrawReferral, .appeal, .reopen:
            return facts.hasGrounds ? nil : .missingGrounds
        case .referToExpert:
            return facts.nomineeRole == .expert ? nil : .nomineeNotExpert
        case .recordExpertConclusion:
            return facts.hasConclusionDocument ? nil : .missingDocument(.expertConclusion)
        case .recordCourtDecision(let outcome):
            guard facts.hasDecisionDocument else { return .missingDocument(.courtDecision) }
            if let refusal = decisionRecordRefusal(facts) { return refusal }
            if outcome == .ordered && !facts.decisionNamesTarget { return .decisionDoesNotNameTarget }
            return nil
        case .markBlocked:
            return facts.hasActiveBlockOrder ? nil : .noActiveBlockOrder
        case .liftBlock:
            guard facts.decisionReversesOrder else { return .noReversingDecision }
            guard facts.hasDecisionDocument else { return .missingDocument(.courtDecision) }
            return decisionRecordRefusal(facts)
        }
    }

    /// What makes a recorded court decision untrustworthy whatever it says: one document standing
    /// for two decisions, a date after today (or none), a date before the case reached the court.
    /// Dates are `YYYY-MM-DD`, so text order is calendar order. A decision whose date cannot be
    /// checked is refused rather than believed.
    private static func decisionRecordRefusal(_ facts: CaseFacts) -> CaseRefusal? {
        if facts.decisionDocumentUsed { return .decisionDocumentUsed }
        guard let date = facts.decisionDate, let today = facts.today, date <= today else {
            return .decisionDateInFuture
        }
        if let submitted = facts.submittedOn, date < submitted { return .decisionDateBeforeSubmission }
        return nil
    }

    private static func target(of action: CaseAction, from state: CaseState) -> CaseState {
        switch action {
        case .open: .new
        case .startReview: .inReview
        case .dismiss: .dismissed
        case .referToExpert: .referredToExpert
        case .withdrawReferral: .inReview
        case .recordExpertConclusion(.confirmed): .expertConfirmed
        case .recordExpertConclusion(.rejected): .expertRejected
        case .submitToCourt: .submittedToCourt
        case .recordCourtDecision(.ordered): .courtOrdered
        case .recordCourtDecision(.rejected): .courtRejected
        case .appeal: .submittedToCourt
        case .markBlocked: .blocked
        case .liftBlock: .lifted
        case .reportMirror: state
        case .reopen: .inReview
        }
    }

    private static func effects(of action: CaseAction) -> Set<Effect> {
        switch action {
        case .recordCourtDecision(.ordered): [.issueBlockOrders]
        case .liftBlock: [.liftBlockOrders]
        case .reportMirror: [.openLinkedCase]
        case .withdrawReferral: [.clearReferral]
        default: []
        }
    }
}
