/// Refuses addresses a crawler must never reach: this machine, the private network, link-local and
/// cloud metadata services, multicast, and the blocks reserved for documentation or special use.
/// Checked after DNS resolution and again on every redirect hop, on the address actually connected to.
public struct AddressGuard: Sendable {
    /// Exceptions granted by configuration (`KAIGUUL_FETCH_ALLOW`), checked before the refusals.
    public let allowed: [CIDR]

    public init(allowed: [CIDR] = []) {
        self.allowed = allowed
    }

    public enum Verdict: Sendable, Equatable {
        case allowed
        case refused(reason: String)
    }

    /// An IPv6 address that embeds IPv4 addresses (`IPv4Embedding`) is refused when any of them is refused
    /// and not allowed by configuration. A block that exists only to carry IPv4 (NAT64, 6to4, Teredo, …)
    /// is then judged by its IPv4 addresses alone; an ISATAP interface ID is judged by its prefix as well.
    public func check(_ address: IPAddress) -> Verdict {
        if isAllowed(address) { return .allowed }
        let embedded = IPv4Embedding.read(address)
        for e in embedded where !isAllowed(e.ipv4) {
            if let reason = Self.refusalReason(e.ipv4) { return .refused(reason: "\(e.form.rawValue) of \(reason)") }
        }
        if embedded.contains(where: \.form.isPrefix) { return .allowed }
        if let reason = Self.refusalReason(address) { return .refused(reason: reason) }
        return .allowed
    }

    private func isAllowed(_ address: IPAddress) -> Bool { allowed.contains { $0.contains(address) } }

    static let refusedIPv4: [(CIDR, String)] = [
        ("0.0.0.0/8", "unspecified/this network"), ("10.0.0.0/8", "private"), ("100.64.0.0/10", "carrier-grade NAT"),
        ("127.0.0.0/8", "loopback"), ("169.254.0.0/16", "link-local or cloud metadata"), ("172.16.0.0/12", "private"),
        ("192.0.0.0/24", "IETF protocol assignments"), ("192.0.2.0/24", "documentation"),
        ("192.88.99.0/24", "6to4 relay"), ("192.168.0.0/16", "private"), ("198.18.0.0/15", "benchmarking"),
        ("198.51.100.0/24", "documentation"), ("203.0.113.0/24", "documentation"), ("224.0.0.0/4", "multicast"),
        ("240.0.0.0/4", "reserved"), ("255.255.255.255/32", "broadcast"),
    ].compactMap { text, reason in CIDR(text).map { ($0, reason) } }

    static let refusedIPv6: [(CIDR, String)] = [
        // The blocks that embed an IPv4 address are judged by it (`check`); `::/96` still refuses the
        // IPv4-compatible forms of 0.0.0.0/24 that are not read as embeddings.
        ("::/128", "unspecified"), ("::1/128", "loopback"), ("::/96", "IPv4-compatible"),
        ("100::/64", "discard"), ("2001::/23", "IETF protocol assignments"), ("2001:db8::/32", "documentation"),
        ("fc00::/7", "unique local (includes fd00:ec2::254 metadata)"),
        ("fe80::/10", "link-local"), ("fec0::/10", "site-local"), ("ff00::/8", "multicast"),
    ].compactMap { text, reason in CIDR(text).map { ($0, reason) } }

    static func refusalReason(_ address: IPAddress) -> String? {
        let table = address.isIPv4 ? refusedIPv4 : refusedIPv6
        return table.first(where: { $0.0.contains(address) })?.1
    }

    /// Parses a comma-separated CIDR list such as `127.0.0.1/32, ::1/128`.
    public static func parseAllowList(_ text: String) throws(FetchFailure) -> [CIDR] {
        var result: [CIDR] = []
        for entry in text.split(separator: ",") {
            let trimmed = String(entry).trimmingWhitespace()
            if trimmed.isEmpty { continue }
            guard let cidr = CIDR(trimmed) else { throw .invalidConfiguration("not a CIDR: \(trimmed.prefix(60))") }
            result.append(cidr)
        }
        return result
    }
}
