import Foundation

/// Why a TimeStampResp could not be read or was not a granted token.
public enum TimestampError: Error, Equatable, Sendable, CustomStringConvertible {
    case tooLarge(Int)
    case malformed(String)
    /// The TSA answered with a PKIStatus other than granted (0) or grantedWithMods (1).
    case notGranted(status: Int, failInfo: [String], text: String?)

    public var description: String {
        switch self {
        case .tooLarge(let count): "time-stamp response of \(count) bytes is larger than \(RFC3161.maximumResponseBytes)"
        case .malformed(let reason): "malformed time-stamp response: \(reason)"
        case .notGranted(let status, let failInfo, let text):
            "time-stamp refused: status \(status)"
                + (failInfo.isEmpty ? "" : " (\(failInfo.joined(separator: ", ")))")
                + (text.map { ": \($0.prefix(200))" } ?? "")
        }
    }
}
