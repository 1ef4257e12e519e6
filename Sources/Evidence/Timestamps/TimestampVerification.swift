import Foundation

/// The verdict on a time-stamp response: trusted (when, and by whom) or not (why).
public enum TimestampVerification: Sendable, Equatable {
    /// `signer` is the TSA certificate's subject, e.g. `CN=Fictional TSA,O=…`.
    case valid(genTime: Date, signer: String)
    case invalid(String)

    public var isValid: Bool {
        if case .valid = self { return true }
        return false
    }
}
