/// Where a tool asked to go, and the guard's answer: the checked address to connect to, or why not.
struct ProxyDestination: Sendable {
    var host: String
    var port: Int
    /// The absolute URL of a plain-HTTP request; nil for a tunnel.
    var url: String? = nil

    enum Verdict: Sendable, Equatable {
        case allowed(IPAddress)
        /// The guard or the port rule said no: a `ProxyRefusal` and a 403.
        case refused(reason: String, address: String?)
        /// Nothing to refuse, but nowhere to go (the name does not resolve): a 502.
        case unreachable(String)
    }

    /// The fetcher's own rules, applied to a host a tool asked for: resolve with the fetcher's resolver
    /// (a literal address is taken as it is), check **every** address with its guard, and pick the
    /// first IPv4 one, so the connection goes to an address that was checked and no second lookup
    /// can move it. Then the port rule of `GuardProxyLimits.ports`.
    func check(resolver: any HostResolver, guard addressGuard: AddressGuard, ports: Set<Int>) async -> Verdict {
        let candidates: [IPAddress]
        if let literal = IPAddress(host) {
            candidates = [literal]
        } else {
            do {
                candidates = try await resolver.resolve(host: host, port: port)
            } catch {
                return .unreachable(error.description)
            }
        }
        for candidate in candidates {
            if case .refused(let reason) = addressGuard.check(candidate) {
                return .refused(reason: "address refused: \(reason)", address: candidate.description)
            }
        }
        guard let chosen = candidates.first(where: \.isIPv4) ?? candidates.first else {
            return .unreachable("could not resolve \(host): no addresses")
        }
        let insideExceptions = candidates.allSatisfy { candidate in
            addressGuard.allowed.contains { $0.contains(candidate) }
        }
        guard ports.contains(port) || insideExceptions else {
            return .refused(reason: "port \(port) refused: only \(ports.sorted().map(String.init).joined(separator: ", "))",
                            address: chosen.description)
        }
        return .allowed(chosen)
    }
}
