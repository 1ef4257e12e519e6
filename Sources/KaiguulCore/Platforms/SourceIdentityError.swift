/// Why an analyst's input cannot name a watchable source.
public enum SourceIdentityError: Error, Equatable, Sendable {
    case empty
    case tooLong
    case notAURL(String)
    case unsupportedScheme(String)
    case credentialsInURL
    /// The input is a link on the platform but does not name an account or channel
    /// (a single video, a share dialog, a private invite).
    case notAnAccount(String)
    case invalidHandle(String)
    case wrongPlatform(expected: String, host: String)
}
