import Foundation
import KaiguulCore

#if canImport(Glibc)
    import Glibc
#endif

/// Asks one resolver for a name's A and AAAA records: over UDP to `IPv4[:port]` (a provider's
/// resolver, or the control's), or through the system's resolver (`system`). The answer keeps the
/// response code, so NXDOMAIN, SERVFAIL, REFUSED and silence stay distinguishable.
public struct ResolverQuery: Sendable {
    public let resolver: String
    let timeoutSeconds: Double
    let bindAddress: String?

    public init(resolver: String, timeout: Duration = .seconds(5), bindAddress: String? = nil) {
        self.resolver = resolver
        let parts = timeout.components
        self.timeoutSeconds = max(0.1, Double(parts.seconds) + Double(parts.attoseconds) / 1e18)
        self.bindAddress = bindAddress
    }

    /// `system`, `IPv4`, `IPv4:port`, `[IPv6]:port` or a bare IPv6 address; nil when none of these.
    static func endpoint(_ resolver: String) -> SocketEndpoint? {
        let text = resolver.trimmingWhitespace()
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            let host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            let port = rest.isEmpty ? 53 : (rest.hasPrefix(":") ? Int(rest.dropFirst()) : nil)
            guard let address = IPAddress(host), let port, (1...65535).contains(port) else { return nil }
            return SocketEndpoint(address: address, port: port)
        }
        if let address = IPAddress(text) { return SocketEndpoint(address: address, port: 53) }
        let parts = text.split(separator: ":")
        guard parts.count == 2, let address = IPAddress(String(parts[0])), address.isIPv4,
            let port = Int(parts[1]), (1...65535).contains(port)
        else { return nil }
        return SocketEndpoint(address: address, port: port)
    }

    public func resolve(_ name: String) async -> SiteMeasurement.DNS {
        let query = self
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: query.resolveBlocking(name)) }
        }
    }

    func resolveBlocking(_ name: String) -> SiteMeasurement.DNS {
        var result = SiteMeasurement.DNS(resolver: String(resolver.prefix(SiteMeasurement.Limits.text)))
        if resolver == "system" {
            switch SystemResolver.lookup(host: name, port: 443) {
            case .success(let addresses):
                result.rcode = "NOERROR"
                result.addresses = Self.bounded(addresses.map(\.description))
            case .failure(let failure):
                // getaddrinfo folds every negative answer into one error; only "unknown name" is NXDOMAIN.
                let text = failure.description
                if text.contains("not known") || text.contains("No address") || text.contains("no addresses") {
                    result.rcode = "NXDOMAIN"
                } else {
                    result.failure = String(text.prefix(200))
                }
            }
            return result
        }
        guard let endpoint = Self.endpoint(resolver) else {
            result.failure = "bad_resolver_address"
            return result
        }
        let a = ask(name, type: .a, endpoint: endpoint)
        let aaaa = ask(name, type: .aaaa, endpoint: endpoint)
        switch (a, aaaa) {
        case (.failure(let failure), .failure):
            result.failure = failure
        case (.success(let reply), .failure):
            result.rcode = reply.rcode
            result.addresses = Self.bounded(reply.addresses)
        case (.failure, .success(let reply)):
            result.rcode = reply.rcode
            result.addresses = Self.bounded(reply.addresses)
        case (.success(let v4), .success(let v6)):
            // A name with only IPv6 answers NOERROR to AAAA: that code is the telling one.
            result.rcode = v4.addresses.isEmpty && !v6.addresses.isEmpty ? v6.rcode : v4.rcode
            result.addresses = Self.bounded(v4.addresses + v6.addresses)
        }
        return result
    }

    static func bounded(_ addresses: [String]) -> [String] {
        Array(Array(Set(addresses)).sorted().prefix(SiteMeasurement.Limits.addresses))
    }

    private enum Asked { case success(DNSWire.Reply), failure(String) }

    private func ask(_ name: String, type: DNSWire.RecordType, endpoint: SocketEndpoint) -> Asked {
        let id = UInt16.random(in: 0...UInt16.max)
        guard let question = DNSWire.question(name, type: type, id: id) else { return .failure("bad_name") }
        let opened = SocketEndpoint.open(type: Int32(SOCK_DGRAM.rawValue), family: endpoint.family, source: bindAddress)
        guard let fd = opened.fd else { return .failure(opened.failure ?? "socket") }
        defer { close(fd) }
        // Connected, so that only the resolver's datagrams arrive and its ICMP refusal is reported.
        guard endpoint.withSockaddr({ connect(fd, $0, $1) }) == 0 else { return .failure(SocketEndpoint.errnoName(errno)) }
        let sent = send(fd, question, question.count, 0)
        guard sent == question.count else { return .failure(SocketEndpoint.errnoName(errno)) }
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        var buffer = [UInt8](repeating: 0, count: 4096)
        // Stray datagrams (another id, a spoofed port) are skipped until the deadline.
        while true {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return .failure("generic_timeout_error") }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(max(1, left * 1000)))
            if ready == 0 { return .failure("generic_timeout_error") }
            if ready < 0 { if errno == EINTR { continue }; return .failure(SocketEndpoint.errnoName(errno)) }
            let received = recv(fd, &buffer, buffer.count, 0)
            if received < 0 {
                // An ICMP port unreachable comes back as ECONNREFUSED on the next read.
                return .failure(SocketEndpoint.errnoName(errno))
            }
            if let reply = DNSWire.parse(Array(buffer[0..<received]), id: id, type: type) { return .success(reply) }
        }
    }
}
