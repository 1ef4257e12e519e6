import Foundation

/// A block of addresses written as CIDR (`10.0.0.0/8`, `2001:db8::/32`) or a single address.
struct AddressRange: Hashable, Sendable, CustomStringConvertible {
    let network: ClientIP
    let prefixLength: Int

    init?<S: StringProtocol>(_ text: S) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, let address = ClientIP(parts[0]) else { return nil }
        let maxLength = address.bytes.count * 8
        var length = maxLength
        if parts.count == 2 {
            guard let n = Int(parts[1]), parts[1].allSatisfy(\.isNumber) else { return nil }
            // A mapped IPv4 range (`::ffff:10.0.0.0/104`) is the IPv4 range it maps.
            length = address.isIPv4 && parts[0].contains(":") ? n - 96 : n
            guard (0...maxLength).contains(length) else { return nil }
        }
        network = address
        prefixLength = length
    }

    func contains(_ address: ClientIP) -> Bool {
        guard address.bytes.count == network.bytes.count else { return false }
        var remaining = prefixLength
        for (a, b) in zip(address.bytes, network.bytes) where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xff << (8 - bits))
            if a & mask != b & mask { return false }
            remaining -= bits
        }
        return true
    }

    var description: String { "\(network)/\(prefixLength)" }
}
