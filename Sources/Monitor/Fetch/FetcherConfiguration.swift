import Foundation
import NIOSSL

/// Limits and identity of the fetcher. Defaults suit a national crawl; tests shorten the timeouts.
public struct FetcherConfiguration: Sendable {
    /// Where requests go instead of straight to the server. The address guard still resolves and
    /// checks every host first, and the proxy is asked for a tunnel to the checked address rather
    /// than to the name, so it cannot be steered inside by a second DNS answer.
    public enum Proxy: Sendable, Equatable, CustomStringConvertible {
        case http(host: String, port: Int)
        case socks(host: String, port: Int)

        public var description: String {
            switch self {
            case .http(let host, let port): "http://\(host):\(port)"
            case .socks(let host, let port): "socks5://\(host):\(port)"
            }
        }
    }

    public var userAgent: String = "Kaiguul/0.1 (Online Patrol monitor)"
    /// Raw (still encoded) bytes read per response before it is cut.
    public var maximumBodyBytes: Int = 20 * 1024 * 1024
    /// Decoded bytes per response.
    public var maximumDecodedBytes: Int = 40 * 1024 * 1024
    /// Decoded size may not exceed this multiple of the encoded size (decompression bombs).
    public var maximumCompressionRatio: Int = 100
    public var connectTimeout: Duration = .seconds(10)
    /// Longest silence while waiting for the next bytes.
    public var readTimeout: Duration = .seconds(30)
    /// Whole fetch, every hop and retry included.
    public var totalTimeout: Duration = .seconds(120)
    public var maximumRedirects: Int = 5
    /// Attempts per hop when the server answers 5xx or times out.
    public var maximumAttempts: Int = 3
    public var initialBackoff: Duration = .milliseconds(500)
    public var maximumBackoff: Duration = .seconds(8)
    /// Between the starts of two requests to one host.
    public var minimumDelayPerHost: Duration = .seconds(1)
    public var maximumConcurrentPerHost: Int = 2
    public var proxy: Proxy?
    /// A PEM file of certificate authorities trusted in addition to the system's
    /// (`KAIGUUL_FETCH_CA_FILE`), e.g. an inspecting gateway's own CA.
    public var extraTrustRootsFile: String?
    /// Address blocks the address guard lets through (`KAIGUUL_FETCH_ALLOW`).
    public var allowedNetworks: [CIDR] = []
    /// The local address connections leave from (a measurement probe's `--bind`); nil: the system's choice.
    public var localAddress: String?

    public init() {}

    /// Reads `KAIGUUL_FETCH_ALLOW` (comma-separated CIDRs), `KAIGUUL_FETCH_USER_AGENT`,
    /// `KAIGUUL_FETCH_MIN_DELAY_MS`, `KAIGUUL_FETCH_PER_HOST`,
    /// `KAIGUUL_FETCH_PROXY` (`http://host:port` or `socks5://host:port`) and `KAIGUUL_FETCH_CA_FILE`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(FetchFailure) -> FetcherConfiguration
    {
        var configuration = FetcherConfiguration()
        if let allow = environment["KAIGUUL_FETCH_ALLOW"] {
            configuration.allowedNetworks = try AddressGuard.parseAllowList(allow)
        }
        if let agent = environment["KAIGUUL_FETCH_USER_AGENT"], !agent.isEmpty {
            configuration.userAgent = String(agent.prefix(256))
        }
        if let delay = environment["KAIGUUL_FETCH_MIN_DELAY_MS"].flatMap(Int.init), delay >= 0 {
            configuration.minimumDelayPerHost = .milliseconds(min(delay, 60_000))
        }
        if let perHost = environment["KAIGUUL_FETCH_PER_HOST"].flatMap(Int.init), perHost >= 1 {
            configuration.maximumConcurrentPerHost = min(perHost, 64)
        }
        if let proxy = environment["KAIGUUL_FETCH_PROXY"], !proxy.isEmpty {
            guard let components = URLComponents(string: proxy), let host = components.host,
                let port = components.port
            else { throw .invalidConfiguration("KAIGUUL_FETCH_PROXY is not scheme://host:port") }
            switch components.scheme?.lowercased() {
            case "http": configuration.proxy = .http(host: host, port: port)
            case "socks5", "socks": configuration.proxy = .socks(host: host, port: port)
            default: throw .invalidConfiguration("KAIGUUL_FETCH_PROXY scheme must be http or socks5")
            }
        }
        if let file = environment["KAIGUUL_FETCH_CA_FILE"], !file.isEmpty {
            guard let certificates = try? NIOSSLCertificate.fromPEMFile(file), !certificates.isEmpty else {
                throw .invalidConfiguration("KAIGUUL_FETCH_CA_FILE \(file) holds no readable PEM certificate")
            }
            configuration.extraTrustRootsFile = file
        }
        return configuration
    }
}
