/// The eight record types of WARC 1.1.
public enum WARCRecordType: String, Sendable, Hashable, CaseIterable {
    case warcinfo, response, resource, request, metadata, revisit, conversion, continuation
}

/// Why a record's block is shorter than what was served (`WARC-Truncated`).
public enum WARCTruncation: Sendable, Hashable {
    /// The body exceeded the configured size limit.
    case length
    /// The fetch exceeded its time limit.
    case time
    /// The connection dropped.
    case disconnect
    case unspecified
    /// A reason the standard leaves open (a `future-reason` token).
    case other(String)

    public var token: String {
        switch self {
        case .length: "length"
        case .time: "time"
        case .disconnect: "disconnect"
        case .unspecified: "unspecified"
        case .other(let token): token
        }
    }

    public init(token: String) {
        switch token {
        case "length": self = .length
        case "time": self = .time
        case "disconnect": self = .disconnect
        case "unspecified": self = .unspecified
        default: self = .other(token)
        }
    }
}
