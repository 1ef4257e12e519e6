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

    public func check(_ address: IPAddress) -> Verdict {
        let effective = address.embeddedIPv4 ?? address
        if allowed.contains(where: { $0.contains(address) || $0.contains(effective) }) { return .allowed }
        if let reason = Self.refusalReason(effective) { return .refused(reason: reason) }
        return .allowed
    }

    static let refusedIPv4: [(CIDR, String)] = [
        ("0.0.0.0/8", "unspecified/this network"), ("10.0.0.0/8", "private"), ("100.64.0.0/10", "carrier-grade NAT"),
        ("127.0.0.0/8", "loopback"), ("169.254.0.0/16", "link-local or cloud metadata"), ("172.16.0.0/12", "private"),
        ("192.0.0.0/24", "IETF protocol assignments"), ("192.0.2.0/24", "documentation"),
        ("192.88.99.0/24", "6to4 relay"), ("192.168.0.0/16", "private"), ("198.18.0.0/15", "benchmarking"),
        ("198.51.100.0/24", "documentation"), ("203.0.113.0/24", "documentation"), ("224.0.0.0/4", "multicast"),
        ("240.0.0.0/4", "reserved"), ("255.255.255.255/32", "broadcast"),
    ].compactMap { text, reason in CIDR(text).map { ($0, reason) } }

    static let refusedIPv6: [(CIDR, String)] = [
        ("::/128", "unspecified"), ("::1/128", "loopback"), ("::/96", "IPv4-compatible"),
        ("::ffff:0:0/96", "IPv4-mapped"), ("64:ff9b::/96", "NAT64"), ("64:ff9b:1::/48", "local NAT64"),
        ("100::/64", "discard"), ("2001::/23", "IETF protocol assignments"), ("2001:db8::/32", "documentation"),
        ("2002::/16", "6to4"), ("fc00::/7", "unique local (includes fd00:ec2::254 metadata)"),
        ("fe80::/10", "link-local"), ("fec0::/10", "site-local"), ("ff00::/8", "multicast"),
    ].compactMap { text, reason in CIDR(text).map { ($0, reason) } }

    static func refusalReason(_ address: IPAddress) -> String? {
        let table = address.isIPv4 ? refusedIPv4 : refusedIPv6
        if let match = table.first(where: { $0.0.contains(address) }) { return match.1 }
        // NAT64 and 6to4 embed an IPv4 address that could itself be private.
        if !address.isIPv4 {
            let bytes = address.bytes
            if bytes[0] == 0x20, bytes[1] == 0x02, let inner = IPAddress(bytes: Array(bytes[2..<6])),
                let reason = refusalReason(inner)
            {
                return "6to4 of \(reason)"
            }
        }
        return nil
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
