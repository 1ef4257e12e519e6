/// The favicon hash as Shodan indexes it (`http.favicon.hash`): MurmurHash3 x86 32-bit, seed 0,
/// signed, of the icon's bytes encoded the way Python's `base64.encodebytes` does — standard
/// alphabet with padding, cut into lines of 76 characters, each line (the last one too) ending in
/// `\n`. The line breaks are part of what is hashed; without them the value matches nobody's.
public enum FaviconHash {
    /// Icons larger than this are not hashed (a favicon is a few kilobytes; a huge "icon" is something else).
    public static let maxBytes = 1_048_576

    public static func shodan(_ icon: [UInt8]) -> Int32? {
        guard icon.count <= maxBytes else { return nil }
        return MurmurHash3.signed(encodebytes(icon))
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Python's `base64.encodebytes`: 57 input bytes (76 characters) per line, each line followed by
    /// a newline; empty input gives empty output.
    public static func encodebytes(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4 + bytes.count / 57 + 1)
        var start = 0
        while start < bytes.count {
            let end = min(start + 57, bytes.count)
            var index = start
            while index < end {
                let b0 = bytes[index]
                let b1: UInt8? = index + 1 < end ? bytes[index + 1] : nil
                let b2: UInt8? = index + 2 < end ? bytes[index + 2] : nil
                out.append(alphabet[Int(b0 >> 2)])
                out.append(alphabet[Int(((b0 & 0x03) << 4) | ((b1 ?? 0) >> 4))])
                out.append(b1.map { alphabet[Int((($0 & 0x0f) << 2) | ((b2 ?? 0) >> 6))] } ?? UInt8(ascii: "="))
                out.append(b2.map { alphabet[Int($0 & 0x3f)] } ?? UInt8(ascii: "="))
                index += 3
            }
            out.append(UInt8(ascii: "\n"))
            start = end
        }
        return out
    }
}
