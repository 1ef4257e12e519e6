/// The Traffic Light Protocol 2.0 levels (FIRST), from the widest audience to the narrowest. A
/// sharing rule names one; every object that leaves through it carries the matching marking.
public enum TLPLevel: String, CaseIterable, Codable, Sendable, Hashable, Comparable {
    case clear
    case green
    case amber
    case amberStrict = "amber+strict"
    case red

    /// The label as FIRST writes it, `TLP:AMBER+STRICT`.
    public var label: String { "TLP:" + rawValue.uppercased() }

    private var rank: Int {
        switch self {
        case .clear: 0
        case .green: 1
        case .amber: 2
        case .amberStrict: 3
        case .red: 4
        }
    }

    /// Narrower is greater: `red > amber`.
    public static func < (lhs: TLPLevel, rhs: TLPLevel) -> Bool { lhs.rank < rhs.rank }
}
