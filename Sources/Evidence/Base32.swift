import Foundation

/// RFC 4648 base32, the encoding older WARC writers use for their digests. We write hex, but the
/// conformance check must read what other tools wrote.
enum Base32 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = buffer << 8 | UInt32(byte)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 0x1f)])
                bits -= 5
            }
        }
        if bits > 0 {
            out.append(alphabet[Int((buffer << UInt32(5 - bits)) & 0x1f)])
        }
        while out.count % 8 != 0 { out.append(UInt8(ascii: "=")) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Case-insensitive, padding optional; nil on any other character.
    static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for char in text.utf8 where char != UInt8(ascii: "=") {
            let value: UInt8
            switch char {
            case 0x41...0x5a: value = char - 0x41
            case 0x61...0x7a: value = char - 0x61
            case 0x32...0x37: value = char - 0x32 + 26
            default: return nil
            }
            buffer = (buffer << 5 | UInt32(value)) & 0xffff
            bits += 5
            if bits >= 8 {
                out.append(UInt8((buffer >> UInt32(bits - 8)) & 0xff))
                bits -= 8
            }
        }
        return out
    }
}
