/// A 256-bit PDQ perceptual hash.
///
/// Bit `k` is bit `k & 63` of `words[k >> 6]`, the same layout as the reference implementation's
/// sixteen 16-bit words read as four little-endian 64-bit words, so Hamming distance is four
/// popcounts. The hex form is the reference's: its word 15 first, so `words[3]` first.
public struct PDQHash: Hashable, Sendable, Comparable, CustomStringConvertible {
    public static let bitCount = 256

    /// `words.0` holds bits 0–63.
    public var w0: UInt64
    public var w1: UInt64
    public var w2: UInt64
    public var w3: UInt64

    public init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
        self.w0 = w0
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
    }

    public static let zero = PDQHash(w0: 0, w1: 0, w2: 0, w3: 0)

    /// Parses 64 hex digits (either case); nil for anything else.
    public init?(hex: some StringProtocol) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 64 else { return nil }
        var quads: [UInt64] = [0, 0, 0, 0]
        for (index, byte) in utf8.enumerated() {
            let nibble: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = UInt64(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = UInt64(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            let quad = 3 - index / 16
            quads[quad] = quads[quad] << 4 | nibble
        }
        self.init(w0: quads[0], w1: quads[1], w2: quads[2], w3: quads[3])
    }

    public var hex: String {
        var out = ""
        out.reserveCapacity(64)
        for quad in [w3, w2, w1, w0] {
            let digits = String(quad, radix: 16)
            out += String(repeating: "0", count: 16 - digits.count) + digits
        }
        return out
    }

    public var description: String { hex }

    @inline(__always)
    public func distance(to other: PDQHash) -> Int {
        (w0 ^ other.w0).nonzeroBitCount + (w1 ^ other.w1).nonzeroBitCount
            + (w2 ^ other.w2).nonzeroBitCount + (w3 ^ other.w3).nonzeroBitCount
    }

    /// Number of set bits.
    public var weight: Int {
        w0.nonzeroBitCount + w1.nonzeroBitCount + w2.nonzeroBitCount + w3.nonzeroBitCount
    }

    public func bit(_ k: Int) -> Bool {
        precondition((0..<256).contains(k), "bit index out of range")
        return (word(k >> 6) >> UInt64(k & 63)) & 1 == 1
    }

    public mutating func setBit(_ k: Int) {
        precondition((0..<256).contains(k), "bit index out of range")
        let mask = UInt64(1) << UInt64(k & 63)
        switch k >> 6 {
        case 0: w0 |= mask
        case 1: w1 |= mask
        case 2: w2 |= mask
        default: w3 |= mask
        }
    }

    public mutating func flipBit(_ k: Int) {
        precondition((0..<256).contains(k), "bit index out of range")
        let mask = UInt64(1) << UInt64(k & 63)
        switch k >> 6 {
        case 0: w0 ^= mask
        case 1: w1 ^= mask
        case 2: w2 ^= mask
        default: w3 ^= mask
        }
    }

    /// The reference's 16-bit word `index` (0–15); the multi-index hash slots are these words.
    @inline(__always)
    public func word16(_ index: Int) -> UInt16 {
        UInt16(truncatingIfNeeded: word(index >> 2) >> UInt64((index & 3) * 16))
    }

    @inline(__always)
    func word(_ index: Int) -> UInt64 {
        switch index {
        case 0: w0
        case 1: w1
        case 2: w2
        default: w3
        }
    }

    public static func < (lhs: PDQHash, rhs: PDQHash) -> Bool {
        (lhs.w3, lhs.w2, lhs.w1, lhs.w0) < (rhs.w3, rhs.w2, rhs.w1, rhs.w0)
    }
}

extension PDQHash: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let hash = PDQHash(hex: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a 64-digit PDQ hash")
        }
        self = hash
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}
