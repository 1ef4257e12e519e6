import Foundation
import KaiguulCore

/// Measures one block target as seen through one resolver, the way OONI's `web_connectivity` does:
/// the resolver's answer (A and AAAA, with its response code), a TCP connect to each address on the
/// target's ports, a TLS handshake with the target's name, one HTTP GET. Never throws: every failure
/// is part of what was seen. The same code runs the server's control and a probe in a provider's network.
public struct SiteMeasurer: Sendable {
    public let configuration: MeasurerConfiguration

    public init(configuration: MeasurerConfiguration) {
        self.configuration = configuration
    }

    /// - Parameters:
    ///   - target: the block order's canonical target (`domain[:port]` or a URL).
    ///   - resolver: `system` or `IPv4[:port]`.
    public func measure(target: String, orderID: Int?, resolver: String) async -> SiteMeasurement {
        // Whole seconds: the wire form's ISO 8601 dates carry no fraction, so what is stored reads back equal.
        let started = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let limit = SiteMeasurement.Limits.text
        guard let plan = MeasurementPlan(target: target) else {
            return SiteMeasurement(orderID: orderID, target: String(target.prefix(limit)), url: "",
                                   measuredAt: started,
                                   dns: .init(resolver: String(resolver.prefix(limit)), failure: "unparseable_target"))
        }
        let query = ResolverQuery(resolver: resolver, timeout: configuration.timeout,
                                  bindAddress: configuration.bindAddress)
        var dns: SiteMeasurement.DNS
        if let literal = IPAddress(plan.host) {
            dns = .init(resolver: String(resolver.prefix(limit)), addresses: [literal.description])
        } else {
            dns = await query.resolve(plan.host)
        }

        let addressGuard = AddressGuard(allowed: configuration.allowedNetworks)
        let ordered = dns.addresses.compactMap(IPAddress.init).sorted { $0.isIPv4 && !$1.isIPv4 }
        let chosen = Array(ordered.prefix(max(1, configuration.maximumConnects)))
        let connector = TCPConnector(timeoutSeconds: configuration.timeoutSeconds,
                                     bindAddress: configuration.bindAddress, addressGuard: addressGuard)
        var tcp: [SiteMeasurement.TCPConnect] = []
        await withTaskGroup(of: (Int, SiteMeasurement.TCPConnect).self) { group in
            var index = 0
            for port in plan.ports {
                for address in chosen {
                    let position = index
                    index += 1
                    group.addTask { (position, await connector.connect(address.description, port: port)) }
                }
            }
            var results: [(Int, SiteMeasurement.TCPConnect)] = []
            for await result in group { results.append(result) }
            tcp = results.sorted { $0.0 < $1.0 }.map(\.1)
        }

        var tls: SiteMeasurement.TLS?
        if let port = plan.tlsPort,
            let address = tcp.first(where: { $0.port == port && $0.connected })?.address ?? chosen.first?.description
        {
            let handshaker = TLSHandshaker(timeout: configuration.timeout, bindAddress: configuration.bindAddress,
                                           addressGuard: addressGuard)
            tls = await handshaker.handshake(serverName: plan.host, address: address, port: port)
        }

        var http: SiteMeasurement.HTTP?
        if !ordered.isEmpty {
            let resolver = MeasurementResolver(host: plan.host, addresses: ordered, query: query)
            http = await HTTPGetter(configuration: configuration).get(plan.urls, resolver: resolver)
        }
        return SiteMeasurement(orderID: orderID, target: String(target.prefix(limit)),
                               url: String((http?.url ?? plan.urls.first ?? "").prefix(limit)),
                               measuredAt: started, dns: dns, tcp: tcp, tls: tls, http: http)
    }
}
