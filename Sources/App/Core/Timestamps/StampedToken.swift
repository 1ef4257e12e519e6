import Foundation

/// One time-stamping authority's answer for a digest: the whole TimeStampResp as it came
/// (what is stored beside a WARC, put in packages and read by `openssl ts -verify -in`).
struct StampedToken: Codable, Sendable, Equatable {
    /// The authority's URL.
    var tsa: String
    var genTime: Date
    var response: Data
}
