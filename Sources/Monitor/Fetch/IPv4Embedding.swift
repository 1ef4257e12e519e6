/// An IPv4 address carried inside an IPv6 address. A connection to such an IPv6 address ends at (or is
/// relayed to) the IPv4 address, so the guard judges it as that IPv4 address.
public struct IPv4Embedding: Sendable, Equatable {
    public enum Form: String, Sendable {
        case mapped = "IPv4-mapped"
        case translated = "IPv4-translated"
        case compatible = "IPv4-compatible"
        case nat64 = "NAT64"
        case localNAT64 = "local NAT64"
        case sixToFour = "6to4"
        case teredoServer = "Teredo server"
        case teredoClient = "Teredo client"
        case isatap = "ISATAP"

        /// Whether the form is an IPv6 block reserved for carrying IPv4; ISATAP is an interface ID under
        /// any prefix, which keeps its own rules.
        public var isPrefix: Bool { self != .isatap }
    }

    public var form: Form
    public var ipv4: IPAddress

    /// Every IPv4 address `address` embeds; empty for an IPv4 address or an IPv6 address without one.
    /// Teredo names two (its server and its client) and the local-use NAT64 prefix may name several.
    public static func read(_ address: IPAddress) -> [IPv4Embedding] {
        guard address.bytes.count == 16 else { return [] }
        let b = address.bytes
        func v4(_ indices: [Int], xor: UInt8 = 0) -> IPAddress? { IPAddress(bytes: indices.map { b[$0] ^ xor }) }
        func zero(_ range: Range<Int>) -> Bool { b[range].allSatisfy { $0 == 0 } }
        let last = [12, 13, 14, 15]
        var found: [(Form, IPAddress?)] = []
        if zero(0..<10), b[10] == 0xFF, b[11] == 0xFF {
            found.append((.mapped, v4(last)))  // ::ffff:a.b.c.d (RFC 4291)
        } else if zero(0..<8), b[8] == 0xFF, b[9] == 0xFF, b[10] == 0, b[11] == 0 {
            found.append((.translated, v4(last)))  // ::ffff:0:a.b.c.d (RFC 2765)
        } else if zero(0..<12), !zero(12..<15) {
            // ::a.b.c.d (RFC 4291, deprecated); `::` and `::1` are themselves, not 0.0.0.0 and 0.0.0.1.
            found.append((.compatible, v4(last)))
        } else if b[0] == 0x00, b[1] == 0x64, b[2] == 0xFF, b[3] == 0x9B, zero(4..<12) {
            found.append((.nat64, v4(last)))  // 64:ff9b::/96 (RFC 6052)
        } else if b[0] == 0x00, b[1] == 0x64, b[2] == 0xFF, b[3] == 0x9B, b[4] == 0x00, b[5] == 0x01 {
            found += localNAT64Layouts(b).map { (.localNAT64, v4($0)) }
        } else if b[0] == 0x20, b[1] == 0x02 {
            found.append((.sixToFour, v4([2, 3, 4, 5])))  // 2002:AABB:CCDD::/48 (RFC 3056)
        } else if b[0] == 0x20, b[1] == 0x01, b[2] == 0x00, b[3] == 0x00 {
            // 2001:0::/32 (RFC 4380): the server in bits 32-63, the client's address inverted in the last 32.
            found.append((.teredoServer, v4([4, 5, 6, 7])))
            found.append((.teredoClient, v4(last, xor: 0xFF)))
        }
        if (b[8] & 0xFD) == 0x00, b[9] == 0x00, b[10] == 0x5E, b[11] == 0xFE {
            // Interface ID 0:5efe:a.b.c.d or 200:5efe:a.b.c.d under any /64 (RFC 5214), whatever the prefix.
            found.append((.isatap, v4(last)))
        }
        return found.compactMap { form, ipv4 in ipv4.map { IPv4Embedding(form: form, ipv4: $0) } }
    }

    /// Where an IPv4 address may sit under the local-use prefix 64:ff9b:1::/48 (RFC 8215): the operator
    /// picks a prefix of 48, 56, 64 or 96 bits (RFC 6052 section 2.2), which the address does not say.
    /// Every layout the address's zero bits allow is returned, so the guard refuses the address if any
    /// reading of it is refused; the 96-bit layout is always possible.
    static func localNAT64Layouts(_ b: [UInt8]) -> [[Int]] {
        func zero(_ range: Range<Int>) -> Bool { b[range].allSatisfy { $0 == 0 } }
        var layouts: [[Int]] = [[12, 13, 14, 15]]
        // Bits 64-71 are always zero in the shorter layouts, and their suffix is zero.
        guard b[8] == 0 else { return layouts }
        if zero(11..<16) { layouts.append([6, 7, 9, 10]) }
        if zero(12..<16) { layouts.append([7, 9, 10, 11]) }
        if zero(13..<16) { layouts.append([9, 10, 11, 12]) }
        return layouts
    }
}
