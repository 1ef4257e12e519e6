import Foundation

/// Which address a request counts as: the one lockouts, rate limits and the audit log use.
///
/// Without a proxy (the default) it is the TCP peer, and `X-Forwarded-For` is ignored: any client
/// can write that header. Behind our own proxies (`KAIGUUL_TRUST_PROXY=1`) each proxy appends
/// the address it was connected from, so the list is read from the right: the first address that
/// is not one of our proxies (`KAIGUUL_TRUSTED_PROXIES`) is the client. Everything left of it was
/// written by the client itself and is never used. The header counts only when the peer is one
/// of our proxies; anyone reaching the server directly is their own peer address.
struct ProxyTrust: Sendable {
    var enabled: Bool
    var trusted: [AddressRange]
    /// Entries of `KAIGUUL_TRUSTED_PROXIES` that are not addresses or CIDRs; start refuses them.
    var rejected: [String] = []

    static let off = ProxyTrust(enabled: false, trusted: [])
    /// Trusted when `KAIGUUL_TRUST_PROXY=1` names no proxies: a proxy on the same machine.
    static let loopback = ["127.0.0.0/8", "::1/128"]
    /// More hops than any real chain of proxies; the rest of a longer header is not read.
    static let maxHops = 32

    /// `trustProxy` is `KAIGUUL_TRUST_PROXY`, `trustedProxies` the comma-separated CIDRs.
    static func from(trustProxy: String?, trustedProxies: String?) -> ProxyTrust {
        guard trustProxy == "1" || trustProxy == "true" else { return .off }
        let entries = (trustedProxies ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var trust = ProxyTrust(enabled: true, trusted: [])
        for entry in entries.isEmpty ? loopback : entries {
            if let range = AddressRange(entry) { trust.trusted.append(range) } else { trust.rejected.append(entry) }
        }
        return trust
    }

    func isTrusted(_ address: ClientIP) -> Bool { trusted.contains { $0.contains(address) } }

    /// `peer` is the TCP peer's address, `forwardedFor` every `X-Forwarded-For` header line in order.
    func clientAddress(peer: String?, forwardedFor: [String]) -> String {
        guard let peerText = peer, let peerAddress = ClientIP(peerText) else { return peer ?? "unknown" }
        guard enabled, isTrusted(peerAddress) else { return peerAddress.description }
        let hops = forwardedFor.joined(separator: ",").split(separator: ",").suffix(Self.maxHops)
        var client = peerAddress
        for hop in hops.reversed() {
            // A hop that is not an address was not written by a proxy of ours: the client is
            // whoever handed it to the last trusted hop.
            guard let address = ClientIP(hop.trimmingCharacters(in: .whitespaces)) else { break }
            client = address
            if !isTrusted(address) { break }
        }
        return client.description
    }
}
