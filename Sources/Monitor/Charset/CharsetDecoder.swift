import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where the charset of a document was learnt, in order of authority.
public enum CharsetSource: String, Sendable, Codable {
    case byteOrderMark, header, meta, xmlDeclaration, assumed
}

/// A body turned into text, with how that was decided and what went wrong on the way.
public struct DecodedText: Sendable {
    public let text: String
    /// Canonical charset name used (`utf-8`, `windows-1251`, `koi8-r`, …).
    public let charset: String
    public let source: CharsetSource
    /// Bytes that were not valid in that charset and became U+FFFD.
    public let invalidSequences: Int
    public let warnings: [String]
}

/// Decides a body's charset (BOM, then Content-Type, then `<meta>` or the XML declaration, then
/// UTF-8) and decodes it. Never fails: undecodable bytes become U+FFFD and a warning.
public enum CharsetDecoder {
    public enum Markup: Sendable { case html, xml, text }

    public static func decode(_ body: [UInt8], contentType: String?, markup: Markup) -> DecodedText {
        var warnings: [String] = []
        var bytes = body[...]
        var chosen: (name: String, source: CharsetSource)?
        if let bom = byteOrderMark(bytes) {
            chosen = (bom.charset, .byteOrderMark)
            bytes = bytes.dropFirst(bom.length)
        } else if let declared = contentType.flatMap(ContentType.init(parsing:))?.charset {
            if let name = canonicalName(declared) {
                chosen = (name, .header)
            } else {
                warnings.append("unknown charset in Content-Type: \(declared.prefix(40))")
            }
        }
        if chosen == nil {
            switch markup {
            case .html:
                if let declared = HTMLCharsetScanner.declaredCharset(in: bytes) {
                    if let name = canonicalName(declared) {
                        chosen = (name, .meta)
                    } else {
                        warnings.append("unknown charset in <meta>: \(declared.prefix(40))")
                    }
                }
            case .xml:
                if let declared = XMLDeclaration.encoding(in: bytes) {
                    if let name = canonicalName(declared) {
                        chosen = (name, .xmlDeclaration)
                    } else {
                        warnings.append("unknown charset in XML declaration: \(declared.prefix(40))")
                    }
                }
            case .text:
                break
            }
        }
        let (name, source) = chosen ?? ("utf-8", .assumed)
        let (text, invalid) = decode(bytes, charset: name)
        if invalid > 0 {
            warnings.append("\(invalid) byte sequences invalid in \(name) were replaced")
        }
        return DecodedText(text: text, charset: name, source: source, invalidSequences: invalid, warnings: warnings)
    }

    /// Decodes `bytes` in a charset returned by `canonicalName`; unknown names decode as UTF-8.
    public static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes, charset: String) -> (String, Int) {
        switch charset {
        case "utf-8": return decodeUTF8(bytes)
        case "windows-1251": return (decodeSingleByte(bytes, table: SingleByteTables.windows1251), 0)
        case "koi8-r": return (decodeSingleByte(bytes, table: SingleByteTables.koi8R), 0)
        case "koi8-u": return (decodeSingleByte(bytes, table: SingleByteTables.koi8U), 0)
        case "windows-1252": return (decodeSingleByte(bytes, table: SingleByteTables.windows1252), 0)
        case "iso-8859-5": return (decodeSingleByte(bytes, table: SingleByteTables.iso8859_5), 0)
        case "utf-16le": return decodeUTF16(Array(bytes), bigEndian: false)
        case "utf-16be": return decodeUTF16(Array(bytes), bigEndian: true)
        default: return IconvDecoder.decode(Array(bytes), from: charset) ?? decodeUTF8(bytes)
        }
    }

    /// The canonical name of a charset label, or nil when nothing here can decode it.
    public static func canonicalName(_ label: String) -> String? {
        let name = label.trimmingCharacters(in: CharacterSet(charactersIn: " \t\r\n\"'")).lowercased()
        guard !name.isEmpty, name.count <= 40 else { return nil }
        switch name {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8": return "utf-8"
        case "windows-1251", "cp1251", "win-1251", "x-cp1251", "win1251", "windows1251": return "windows-1251"
        case "koi8-r", "koi8r", "koi8", "cskoi8r", "koi": return "koi8-r"
        case "koi8-u", "koi8-ru": return "koi8-u"
        // Browsers read these as windows-1252, and so do the pages written for them.
        case "iso-8859-1", "iso8859-1", "latin1", "l1", "us-ascii", "ascii", "windows-1252", "cp1252",
            "iso_8859-1", "iso-ir-100", "cp819", "ibm819", "x-cp1252", "csisolatin1":
            return "windows-1252"
        case "iso-8859-5", "iso8859-5", "cyrillic", "iso_8859-5", "csisolatincyrillic": return "iso-8859-5"
        case "utf-16", "utf-16le", "unicode", "ucs-2": return "utf-16le"
        case "utf-16be": return "utf-16be"
        default:
            let allowed = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) }
            return allowed && IconvDecoder.supports(name) ? name : nil
        }
    }

    static func byteOrderMark(_ bytes: ArraySlice<UInt8>) -> (charset: String, length: Int)? {
        let head = Array(bytes.prefix(3))
        if head.count >= 3, head[0] == 0xEF, head[1] == 0xBB, head[2] == 0xBF { return ("utf-8", 3) }
        if head.count >= 2, head[0] == 0xFF, head[1] == 0xFE { return ("utf-16le", 2) }
        if head.count >= 2, head[0] == 0xFE, head[1] == 0xFF { return ("utf-16be", 2) }
        return nil
    }

    static func decodeUTF8<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> (String, Int) {
        // Nearly every body is valid UTF-8: validate in one pass and only decode scalar by scalar
        // (counting the bad sequences) when it is not.
        if let valid = String(validating: bytes, as: UTF8.self) { return (valid, 0) }
        var invalid = 0
        var output = ""
        output.reserveCapacity(bytes.count)
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): output.unicodeScalars.append(scalar)
            case .emptyInput: break loop
            case .error:
                invalid += 1
                output.unicodeScalars.append("\u{FFFD}")
            }
        }
        return (output, invalid)
    }

    static func decodeUTF16(_ bytes: [UInt8], bigEndian: Bool) -> (String, Int) {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = 0
        while index + 1 < bytes.count {
            let pair =
                bigEndian
                ? UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
                : UInt16(bytes[index + 1]) << 8 | UInt16(bytes[index])
            units.append(pair)
            index += 2
        }
        var invalid = bytes.count % 2
        var output = ""
        var iterator = units.makeIterator()
        var decoder = UTF16()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): output.unicodeScalars.append(scalar)
            case .emptyInput: break loop
            case .error:
                invalid += 1
                output.unicodeScalars.append("\u{FFFD}")
            }
        }
        return (output, invalid)
    }

    static func decodeSingleByte<Bytes: Collection<UInt8>>(_ bytes: Bytes, table: [UInt16]) -> String {
        var output = String.UnicodeScalarView()
        for byte in bytes {
            let value = byte < 0x80 ? UInt32(byte) : UInt32(table[Int(byte) - 0x80])
            output.append(Unicode.Scalar(value) ?? "\u{FFFD}")
        }
        return String(output)
    }
}
