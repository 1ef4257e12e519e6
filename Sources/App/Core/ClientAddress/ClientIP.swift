import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as its bytes, parsed strictly from text a client may have written.
/// An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) is its IPv4 address, so the two spellings of
/// one client count as one client in lockouts and rate limits.
struct ClientIP: Hashable, Sendable, CustomStringConvertible {
    /// 4 bytes (IPv4) or 16 (IPv6).
    let bytes: [UInt8]

    init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        if bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff {
            self.bytes = Array(bytes[12..<16])
        } else {
            self.bytes = bytes
        }
    }

    /// `192.0.2.7`, `2001:db8::7`; also `192.0.2.7:443` and `[2001:db8::7]:443`, the forms some
    /// proxies write with a port. Nothing else: no zone, no padding, no names.
    init?<S: StringProtocol>(_ text: S) {
        guard text.utf8.count <= 64, text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else { return nil }
        var s = String(text)
        if s.hasPrefix("[") {
            guard let close = s.firstIndex(of: "]") else { return nil }
            let rest = s[s.index(after: close)...]
            guard rest.isEmpty || Self.isPort(rest) else { return nil }
            s = String(s[s.index(after: s.startIndex)..<close])
        } else if s.filter({ $0 == ":" }).count == 1, let colon = s.firstIndex(of: ":") {
            guard Self.isPort(s[colon...]) else { return nil }
            s = String(s[..<colon])
        }
        if let v4 = Self.parse(s, family: AF_INET, size: 4) {
            self.init(bytes: v4)
        } else if let v6 = Self.parse(s, family: AF_INET6, size: 16) {
            self.init(bytes: v6)
        } else {
            return nil
        }
    }

    var isIPv4: Bool { bytes.count == 4 }

    /// The canonical spelling (`inet_ntop`): lower-case, zeros compressed.
    var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = isIPv4 ? AF_INET : AF_INET6
        let ok = bytes.withUnsafeBytes { raw in
            inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count)) != nil
        }
        guard ok else { return "unknown" }
        return String(cString: buffer)
    }

    private static func isPort<S: StringProtocol>(_ text: S) -> Bool {
        guard text.first == ":" else { return false }
        let digits = text.dropFirst()
        guard (1...5).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        return Int(digits).map { $0 <= 65_535 } ?? false
    }

    private static func parse(_ text: String, family: Int32, size: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: size)
        let ok = out.withUnsafeMutableBytes { raw in inet_pton(family, text, raw.baseAddress) == 1 }
        return ok ? out : nil
    }
}
