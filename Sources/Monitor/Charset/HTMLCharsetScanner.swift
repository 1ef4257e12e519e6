/// Finds `<meta charset>` or `<meta http-equiv="Content-Type" content="…; charset=…">` with the
/// HTML parser itself, on the first bytes only (where the standard says the declaration must be).
enum HTMLCharsetScanner {
    static let scanLength = 8192

    static func declaredCharset(in bytes: ArraySlice<UInt8>) -> String? {
        // Both ways of declaring it spell out "charset"; most pages that do not are spared a parse.
        guard mentionsCharset(bytes.prefix(scanLength)) else { return nil }
        // windows-1252 maps every byte to a character, so ASCII markup survives whatever the charset.
        let head = CharsetDecoder.decodeSingleByte(bytes.prefix(scanLength), table: SingleByteTables.windows1252)
        guard let root = MarkupParser.parseHTML(head).root else { return nil }
        for meta in root.elements(named: "meta") {
            if let charset = meta.attribute("charset"), !charset.isEmpty { return charset }
            if meta.attribute("http-equiv")?.lowercased() == "content-type",
                let content = meta.attribute("content"),
                let charset = ContentType(parsing: content)?.charset
            {
                return charset
            }
        }
        return nil
    }

    static func mentionsCharset(_ bytes: ArraySlice<UInt8>) -> Bool {
        let word = Array("charset".utf8)
        guard bytes.count >= word.count else { return false }
        var index = bytes.startIndex
        let last = bytes.endIndex - word.count
        while index <= last {
            var matched = true
            for offset in 0..<word.count where bytes[index + offset] | 0x20 != word[offset] {
                matched = false
                break
            }
            if matched { return true }
            index += 1
        }
        return false
    }
}
