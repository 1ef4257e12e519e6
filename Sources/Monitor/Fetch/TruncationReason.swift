/// Why a body was cut. The raw values are those WARC uses in `WARC-Truncated`.
public enum TruncationReason: String, Sendable, Codable, Equatable {
    /// The body limit was reached.
    case length
    /// The total timeout (or a read timeout) ran out mid-body.
    case time
    /// The server closed the connection mid-body.
    case disconnect
    case unspecified
}
