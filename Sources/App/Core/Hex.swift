/// Lowercase hexadecimal of digests, as `sha256sum` prints them. Written out by hand because
/// `String(format:)` per byte showed up in the crawl's profile.
extension Sequence where Element == UInt8 {
    var lowercaseHex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
