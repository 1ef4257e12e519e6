import Foundation

/// The reference a person who sent a tip is given, to quote when they call and to look up the tip's
/// state without an account. Random, not the row number: it must not tell how many tips there are,
/// nor let anyone walk through other people's tips. 8 symbols of 32 (40 bits), from an alphabet without
/// the look-alikes 0/O and 1/I, grouped as `T-XXXX-XXXX`.
enum TipReference {
    static let alphabet = Array("23456789ABCDEFGHJKLMNPQRSTUVWXYZ")
    static let symbols = 8

    static func make<G: RandomNumberGenerator>(using generator: inout G) -> String {
        let body = String((0..<symbols).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
        return "T-" + body.prefix(4) + "-" + body.suffix(4)
    }

    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return make(using: &generator)
    }

    /// What a person typed, in the stored form, or nil when it cannot be a reference: case, spaces and
    /// dashes do not matter.
    static func normalise(_ typed: String) -> String? {
        guard typed.count <= 40 else { return nil }
        let upper = typed.uppercased().trimmingCharacters(in: .whitespaces)
        var body = upper.filter { !$0.isWhitespace && $0 != "-" }
        // "T" is also a symbol: it is the prefix when separated from the rest or when one symbol too many.
        if upper.hasPrefix("T-") || upper.hasPrefix("T ") || (body.hasPrefix("T") && body.count == symbols + 1) {
            body.removeFirst()
        }
        guard body.count == symbols, body.allSatisfy({ alphabet.contains($0) }) else { return nil }
        return "T-" + body.prefix(4) + "-" + body.suffix(4)
    }
}
