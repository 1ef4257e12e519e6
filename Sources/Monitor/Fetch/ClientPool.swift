import AsyncHTTPClient
import NIOCore
import NIOSSL

/// HTTP clients, one per (host, checked address). Each client pins its host to the address the guard
/// approved (`dnsOverride`), so the connection goes to that address while TLS still sends the host
/// name (SNI) and verifies the certificate for it. No second DNS lookup happens between check and
/// connect, which is what defeats DNS rebinding.
actor ClientPool {
    private var clients: [String: HTTPClient] = [:]
    private var order: [String] = []
    /// Requests in flight per client: a client in use is never shut down by eviction.
    private var inUse: [String: Int] = [:]
    private let configuration: FetcherConfiguration
    private let capacity: Int
    /// The extra trust roots, read once rather than for every client (one per host and address).
    private let tls: TLSConfiguration?

    init(configuration: FetcherConfiguration, capacity: Int = 64) {
        self.configuration = configuration
        self.capacity = capacity
        if let file = configuration.extraTrustRootsFile {
            var tls = TLSConfiguration.makeClientConfiguration()
            // An unreadable file was refused by `fromEnvironment`; if it is gone since, fetches fail
            // certificate checks rather than trusting less than asked.
            tls.additionalTrustRoots = [(try? NIOSSLCertificate.fromPEMFile(file)).map { .certificates($0) } ?? .file(file)]
            self.tls = tls
        } else {
            tls = nil
        }
    }

    /// A client for the host pinned to `address`; give it back with `release(key:)` when done.
    func checkOut(host: String, address: IPAddress?) -> (client: HTTPClient, key: String) {
        let key = host + "|" + (address?.description ?? "")
        inUse[key, default: 0] += 1
        if let client = clients[key] {
            if let index = order.firstIndex(of: key) { order.remove(at: index) }
            order.append(key)
            return (client, key)
        }
        var settings = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(
                connect: configuration.connectTimeout.timeAmount, read: configuration.readTimeout.timeAmount),
            proxy: configuration.proxy.map {
                switch $0 {
                case .http(let host, let port): .server(host: host, port: port)
                case .socks(let host, let port): .socksServer(host: host, port: port)
                }
            },
            decompression: .disabled
        )
        // HTTP/1.1 keeps the recorded request faithful to what went on the wire.
        settings.httpVersion = .http1Only
        settings.localAddress = configuration.localAddress
        if let tls { settings.tlsConfiguration = tls }
        if let address, IPAddress(host) == nil {
            settings.dnsOverride[host] = address.description
            settings.dnsOverride[host.lowercased()] = address.description
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: settings)
        clients[key] = client
        order.append(key)
        evictIdle()
        return (client, key)
    }

    func release(key: String) {
        let count = (inUse[key] ?? 1) - 1
        inUse[key] = count > 0 ? count : nil
        evictIdle()
    }

    /// Least recently used idle clients go first; when all are busy the pool may exceed its capacity.
    private func evictIdle() {
        while order.count > capacity, let index = order.firstIndex(where: { inUse[$0] == nil }) {
            let evicted = order.remove(at: index)
            if let old = clients.removeValue(forKey: evicted) {
                Task { try? await old.shutdown() }
            }
        }
    }

    func shutdown() async {
        let all = clients.values
        clients = [:]
        order = []
        inUse = [:]
        for client in all { try? await client.shutdown() }
    }
}

extension Duration {
    var timeAmount: TimeAmount {
        let (seconds, attoseconds) = components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
