/// Why a fetch produced no usable response. Recorded with the capture, so it must say enough for an
/// analyst to understand it.
public enum FetchFailure: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidURL(String)
    case unsupportedScheme(String)
    case credentialsInURL
    case addressRefused(host: String, address: String, reason: String)
    case resolutionFailed(host: String, message: String)
    case tooManyRedirects(Int)
    case redirectWithoutLocation(status: Int)
    case unacceptableContentType(String)
    case connectTimeout
    case readTimeout
    case totalTimeout
    case connectionFailed(String)
    case cancelled
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case .invalidURL(let url): "invalid URL: \(url.prefix(200))"
        case .unsupportedScheme(let scheme): "unsupported scheme: \(scheme.prefix(40))"
        case .credentialsInURL: "URL carries credentials"
        case .addressRefused(let host, let address, let reason): "address refused: \(host) -> \(address) (\(reason))"
        case .resolutionFailed(let host, let message): "could not resolve \(host): \(message)"
        case .tooManyRedirects(let count): "more than \(count) redirects"
        case .redirectWithoutLocation(let status): "redirect \(status) without a usable Location"
        case .unacceptableContentType(let type): "content type not accepted: \(type.prefix(100))"
        case .connectTimeout: "connect timeout"
        case .readTimeout: "read timeout"
        case .totalTimeout: "total timeout"
        case .connectionFailed(let message): "connection failed: \(message.prefix(200))"
        case .cancelled: "cancelled"
        case .invalidConfiguration(let message): "invalid configuration: \(message)"
        }
    }
}
