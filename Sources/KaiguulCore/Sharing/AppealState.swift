/// Where a court decision stands on appeal, as it leaves with every object that rests on it.
/// `overturned` is never set by hand: a recorded reversing decision makes it so.
public enum AppealState: String, CaseIterable, Codable, Sendable, Hashable {
    /// Within the appeal period, nobody has appealed yet.
    case appealable
    case appealed
    /// Final: no appeal is possible any more.
    case final
    case overturned
}
