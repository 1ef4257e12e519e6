/// The roles of the programme. A user holds exactly one; what each may do is decided by
/// `Permissions.decide`, never by the interface.
public enum Role: String, CaseIterable, Codable, Sendable, Hashable {
    case admin
    case analyst
    case expert
    case legal
    case coordinator
    case volunteer
    case partner
    case auditor
    case provider
}
