/// Something a person (or the system) asks to do to a case. The workflow decides whether it is allowed
/// (`CaseWorkflow.decide`); the action itself carries only what the asker chose, while what the server
/// knows about the case travels in `CaseFacts`.
public enum CaseAction: Sendable, Hashable, Codable {
    /// An analyst opens a case (from a finding, a tip, or a reported mirror). It applies to no existing
    /// case: use `CaseWorkflow.open(by:)`; `decide` refuses it for every state.
    case open
    /// An analyst takes a new case into review.
    case startReview
    /// An analyst closes a case that does not warrant action. Needs written grounds.
    case dismiss
    /// An analyst sends the case to a named forensic expert.
    case referToExpert(expertID: String)
    /// An analyst takes a case back from an expert who cannot conclude (leave, conflict of interest).
    /// Needs written grounds; the case returns to review and may be referred again.
    case withdrawReferral
    /// The expert the case was referred to records the signed conclusion.
    case recordExpertConclusion(ExpertFinding)
    /// A legal officer records that the case was filed with a court.
    case submitToCourt
    /// A legal officer records the court's decision on the submission.
    case recordCourtDecision(CourtOutcome)
    /// A legal officer appeals a refusal to a higher court: the case goes back to `submitted_to_court`.
    /// Needs written grounds.
    case appeal
    /// The case's block orders are in force (legal, or the system once an order is active).
    case markBlocked
    /// A reversing court decision lifts the block. The block orders keep their history.
    case liftBlock
    /// An analyst found the blocked content again under another address: the case stays blocked and a
    /// new case, linked to this one, must be opened for the mirror (it needs its own court decision).
    case reportMirror
    /// An analyst reopens a dismissed or court-rejected case, e.g. on new evidence. The case returns to
    /// review and must pass through expertise and court again. Needs written grounds.
    case reopen

    /// What an expert concluded.
    public enum ExpertFinding: String, Sendable, Hashable, Codable, CaseIterable {
        case confirmed
        case rejected
    }

    /// What a court decided on a submission.
    public enum CourtOutcome: String, Sendable, Hashable, Codable, CaseIterable {
        case ordered
        case rejected
    }

    /// The action without its payload: a stable name for events, logs, forms and API paths.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case open
        case startReview = "start_review"
        case dismiss
        case referToExpert = "refer_to_expert"
        case withdrawReferral = "withdraw_referral"
        case recordExpertConclusion = "record_expert_conclusion"
        case submitToCourt = "submit_to_court"
        case recordCourtDecision = "record_court_decision"
        case appeal
        case markBlocked = "mark_blocked"
        case liftBlock = "lift_block"
        case reportMirror = "report_mirror"
        case reopen
    }

    public var kind: Kind {
        switch self {
        case .open: .open
        case .startReview: .startReview
        case .dismiss: .dismiss
        case .referToExpert: .referToExpert
        case .withdrawReferral: .withdrawReferral
        case .recordExpertConclusion: .recordExpertConclusion
        case .submitToCourt: .submitToCourt
        case .recordCourtDecision: .recordCourtDecision
        case .appeal: .appeal
        case .markBlocked: .markBlocked
        case .liftBlock: .liftBlock
        case .reportMirror: .reportMirror
        case .reopen: .reopen
        }
    }

    /// Every distinct action, with each payload variant that changes the outcome. The expert id of a
    /// referral does not change which transitions exist, so one stands for all.
    public static func representatives(expertID: String = "expert") -> [CaseAction] {
        [
            .open, .startReview, .dismiss, .referToExpert(expertID: expertID), .withdrawReferral,
            .recordExpertConclusion(.confirmed), .recordExpertConclusion(.rejected),
            .submitToCourt, .recordCourtDecision(.ordered), .recordCourtDecision(.rejected),
            .appeal, .markBlocked, .liftBlock, .reportMirror, .reopen,
        ]
    }
}

/// Who asks for an action. The system acts only on facts it can check itself (an active block order);
/// every other step is a named person's decision.
public enum CaseActor: Sendable, Hashable, Codable {
    case person(userID: String, role: Role)
    case system

    public var role: Role? {
        switch self {
        case .person(_, let role): role
        case .system: nil
        }
    }

    public var userID: String? {
        switch self {
        case .person(let userID, _): userID
        case .system: nil
        }
    }
}
