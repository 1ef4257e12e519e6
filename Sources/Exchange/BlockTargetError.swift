/// Why a domain, URL or account could not be taken as a block target. `code` is stable for API
/// errors (422 naming the field); the associated values say which part was wrong.
public enum BlockTargetError: Error, Sendable, Hashable {
    case empty
    /// The input is longer than any target could honestly be.
    case inputTooLong(limit: Int)
    /// Spaces, control or format characters (zero-width and the like) inside the input.
    case invalidCharacter
    case emptyLabel
    case labelTooLong(label: String)
    case domainTooLong
    /// A label with characters a host name cannot hold, or hyphens where they may not stand.
    case invalidLabel(label: String)
    /// An `xn--` label that is not valid Punycode, or does not decode to what it encodes.
    case invalidPunycode(label: String)
    /// One label alone (`localhost`, `kg`): blocking it would block a whole top-level domain.
    case singleLabel
    /// A top-level label of digits only: an IP address, not a domain.
    case numericTopLevel
    /// A registry's suffix (`com.kg`): blocking it would block every site under it.
    case publicSuffix(String)
    /// The domain of a shared platform (`t.me`, `youtube.com`): only paths or accounts on it can be
    /// targets, never the platform itself.
    case sharedPlatformDomain(String)
    case invalidURL(reason: String)
    case unsupportedScheme(String)
    /// `user:password@` in a URL: never part of a court-ordered target, and a classic disguise.
    case credentialsInURL
    case invalidPort
    case invalidHandle(String)

    public var code: String {
        switch self {
        case .empty: "empty"
        case .inputTooLong: "input_too_long"
        case .invalidCharacter: "invalid_character"
        case .emptyLabel: "empty_label"
        case .labelTooLong: "label_too_long"
        case .domainTooLong: "domain_too_long"
        case .invalidLabel: "invalid_label"
        case .invalidPunycode: "invalid_punycode"
        case .singleLabel: "single_label"
        case .numericTopLevel: "numeric_top_level"
        case .publicSuffix: "public_suffix"
        case .sharedPlatformDomain: "shared_platform_domain"
        case .invalidURL: "invalid_url"
        case .unsupportedScheme: "unsupported_scheme"
        case .credentialsInURL: "credentials_in_url"
        case .invalidPort: "invalid_port"
        case .invalidHandle: "invalid_handle"
        }
    }
}
