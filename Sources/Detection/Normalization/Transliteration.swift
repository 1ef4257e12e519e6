/// The matching key: normalised text with Cyrillic spelt in Latin letters, so that one indicator
/// matches Uzbek and Kyrgyz written in either script ("ўзбек" and "oʻzbek" both give "ozbek";
/// "Кыргыз" and "Kırgız" both give "kyrgyz").
///
/// The key is deliberately lossy: apostrophes are dropped (informal Uzbek Latin omits them), `zh`
/// and `j` meet, `kh` and `x` meet, a word-initial `ye` meets `e` (Uzbek "yer" = "ер"). Letters
/// that carry meaning in Kyrgyz and Kazakh stay apart: ө→ö, ү→ü, ә→ä, ұ→ū, while ң becomes "ng".
/// Scripts other than Latin and Cyrillic pass through unchanged.
enum Transliteration {
    static let cyrillicToLatin: [UInt32: String] = {
        let pairs: [(Character, String)] = [
            ("а", "a"), ("б", "b"), ("в", "v"), ("г", "g"), ("д", "d"), ("е", "e"), ("ё", "yo"), ("ж", "j"),
            ("з", "z"), ("и", "i"), ("й", "y"), ("к", "k"), ("л", "l"), ("м", "m"), ("н", "n"), ("о", "o"),
            ("п", "p"), ("р", "r"), ("с", "s"), ("т", "t"), ("у", "u"), ("ф", "f"), ("х", "x"), ("ц", "ts"),
            ("ч", "ch"), ("ш", "sh"), ("щ", "shch"), ("ъ", ""), ("ы", "y"), ("ь", ""), ("э", "e"), ("ю", "yu"),
            ("я", "ya"),
            // Kyrgyz, Kazakh, Uzbek, Tatar, Tajik, Bashkir, Ukrainian letters.
            ("ң", "ng"), ("ө", "ö"), ("ү", "ü"), ("ә", "ä"), ("ғ", "g"), ("қ", "q"), ("ұ", "ū"), ("һ", "h"),
            ("і", "i"), ("ў", "o"), ("ҳ", "h"), ("җ", "j"), ("ӣ", "i"), ("ӯ", "u"), ("ҷ", "j"), ("ҙ", "z"),
            ("ҫ", "s"), ("ҡ", "q"), ("ї", "yi"), ("є", "ye"), ("ґ", "g"), ("ј", "j"), ("ѕ", "s"),
        ]
        var table: [UInt32: String] = [:]
        for (letter, latin) in pairs { if let scalar = letter.unicodeScalars.first { table[scalar.value] = latin } }
        return table
    }()

    /// `cyrillicToLatin` as an array over U+0400..U+052F (nil: not transliterated).
    static let cyrillicTable: [[UInt8]?] = (0x400..<0x530).map { value in
        cyrillicToLatin[UInt32(value)].map { Array($0.utf8) }
    }

    /// Latin letters of Turkic orthographies that other writers spell with digraphs or plain letters.
    @inline(__always)
    static func latinFold(_ value: UInt32) -> [UInt8]? {
        switch value {
        case 0x15F: [0x73, 0x68]  // ş -> sh
        case 0xE7: [0x63, 0x68]   // ç -> ch
        case 0x11F: [0x67]        // ğ -> g
        case 0x131: [0x79]        // ı (dotless, "Kırgız") -> y
        default: nil
        }
    }

    /// Builds the key of already-normalised text, keeping the map back to the original.
    static func key(of normalized: NormalizedText) -> NormalizedText {
        let source = normalized.bytes
        var out: [UInt8] = []
        var starts: [Int32] = []
        var ends: [Int32] = []
        out.reserveCapacity(source.count + source.count / 4)
        starts.reserveCapacity(out.capacity)
        ends.reserveCapacity(out.capacity)
        source.withUnsafeBufferPointer { buffer in
        normalized.originStarts.withUnsafeBufferPointer { originStarts in
        normalized.originEnds.withUnsafeBufferPointer { originEnds in
        cyrillicTable.withUnsafeBufferPointer { cyrillic in
            let asciiWord = UTF8Scan.asciiWord
            var index = 0
            var previousWasWord = false
            let count = buffer.count
            while index < count {
                let lead = buffer[index]
                if lead < 0x80 {
                    let isWord = asciiWord[Int(lead)]
                    if lead == 0x27 {  // apostrophes: informal Uzbek Latin leaves them out, so the key does
                        index += 1
                        continue
                    }
                    var byte = lead
                    var consumed = 1
                    if index + 1 < count {
                        let next = buffer[index + 1]
                        if next == 0x68, lead == 0x7A { byte = 0x6A; consumed = 2 }              // zh -> j
                        else if next == 0x68, lead == 0x6B { byte = 0x78; consumed = 2 }         // kh -> x
                        else if next == 0x65, lead == 0x79, !previousWasWord { byte = 0x65; consumed = 2 } // ye- -> e
                    }
                    out.append(byte)
                    starts.append(originStarts[index])
                    ends.append(originEnds[index + consumed - 1])
                    previousWasWord = isWord
                    index += consumed
                    continue
                }
                let width = min(UTF8Scan.width(lead), count - index)
                var value = UInt32(lead) & (width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07)
                if width > 1 {
                    for offset in 1..<width { value = (value << 6) | (UInt32(buffer[index + offset]) & 0x3F) }
                }
                let replacement: [UInt8]? = (value >= 0x400 && value < 0x530)
                    ? cyrillic[Int(value - 0x400)] : latinFold(value)
                let start = originStarts[index]
                let end = originEnds[index + width - 1]
                if let replacement {
                    for byte in replacement {
                        out.append(byte)
                        starts.append(start)
                        ends.append(end)
                    }
                } else {
                    for offset in 0..<width {
                        out.append(buffer[index + offset])
                        starts.append(start)
                        ends.append(end)
                    }
                }
                previousWasWord = UTF8Scan.isWordCharacter(buffer, at: index, width: width)
                index += width
            }
        }}}}
        return NormalizedText(bytes: out, originStarts: starts, originEnds: ends,
                              originalLength: normalized.originalLength, truncated: normalized.truncated)
    }
}
