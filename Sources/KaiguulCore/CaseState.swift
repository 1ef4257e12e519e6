/// The states of a case, from finding to block (see DESIGN.md, "Case states").
public enum CaseState: String, CaseIterable, Codable, Sendable, Hashable {
    case new
    case inReview = "in_review"
    case referredToExpert = "referred_to_expert"
    case expertConfirmed = "expert_confirmed"
    case expertRejected = "expert_rejected"
    case submittedToCourt = "submitted_to_court"
    case courtOrdered = "court_ordered"
    case courtRejected = "court_rejected"
    case blocked
    case lifted
    case dismissed
}
