import Foundation

/// How `SiteMeasurer` measures: its time limits, the source address it measures from, and the guarded
/// fetcher's settings for the one HTTP GET.
public struct MeasurerConfiguration: Sendable {
    /// Per step: one DNS question, one TCP connect, one TLS handshake, one HTTP read.
    public var timeout: Duration = .seconds(5)
    /// The local address every socket is bound to (`kaiguul probe --bind`): a probe on a machine with
    /// several uplinks measures through the provider's. Applies to every socket: DNS, TCP, TLS and the HTTP GET.
    public var bindAddress: String?
    /// Lets loopback addresses through the address guard (tests, and the loopback test script).
    public var allowLoopback: Bool = false
    /// Addresses TCP-connected per port (the first ones of the answer, IPv4 first).
    public var maximumConnects: Int = 4
    /// Body bytes read by the HTTP GET.
    public var maximumBodyBytes: Int = 65_536
    /// The fetcher's settings (allow list, proxy, extra trust roots, user agent); its limits are shortened.
    public var fetch = FetcherConfiguration()

    public init(timeout: Duration = .seconds(5), bindAddress: String? = nil, allowLoopback: Bool = false,
                fetch: FetcherConfiguration = FetcherConfiguration()) {
        self.timeout = timeout; self.bindAddress = bindAddress; self.allowLoopback = allowLoopback
        self.fetch = fetch
    }

    /// The address guard's exceptions: the fetcher's, and loopback when allowed.
    var allowedNetworks: [CIDR] {
        fetch.allowedNetworks + (allowLoopback ? [CIDR("127.0.0.0/8"), CIDR("::1/128")].compactMap { $0 } : [])
    }

    var timeoutSeconds: Double {
        let parts = timeout.components
        return max(0.1, Double(parts.seconds) + Double(parts.attoseconds) / 1e18)
    }

    /// One attempt, no politeness delay, a small body: a measurement, not a crawl.
    func fetcherConfiguration() -> FetcherConfiguration {
        var configuration = fetch
        if configuration.userAgent.hasPrefix("Kaiguul/") { configuration.userAgent = "Kaiguul block verification" }
        configuration.connectTimeout = timeout
        configuration.readTimeout = timeout
        configuration.totalTimeout = timeout * 2
        configuration.maximumAttempts = 1
        configuration.minimumDelayPerHost = .zero
        configuration.maximumBodyBytes = maximumBodyBytes
        configuration.maximumDecodedBytes = maximumBodyBytes * 4
        configuration.allowedNetworks = allowedNetworks
        configuration.localAddress = bindAddress
        return configuration
    }
}
