/// Reads `encoding="…"` from an XML declaration `<?xml … ?>` at the start of a document.
enum XMLDeclaration {
    static func encoding(in bytes: ArraySlice<UInt8>) -> String? {
        // Leading white space is tolerated because real feeds (and the malformed fixture) have it.
        let head = Array(bytes.prefix(1024))
        var index = 0
        while index < head.count, [0x20, 0x09, 0x0A, 0x0D].contains(head[index]) { index += 1 }
        let open = Array("<?xml".utf8)
        guard head.count >= index + open.count, Array(head[index..<index + open.count]) == open else { return nil }
        index += open.count
        guard
            let end = (index..<head.count).first(where: {
                head[$0] == 0x3F && $0 + 1 < head.count
                    && head[$0 + 1] == 0x3E
            })
        else { return nil }
        let declaration = String(decoding: head[index..<end], as: UTF8.self)
        guard let keyRange = declaration.range(of: "encoding") else { return nil }
        var rest = declaration[keyRange.upperBound...].drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        rest = rest.dropFirst()
        guard let close = rest.firstIndex(of: quote) else { return nil }
        let value = String(rest[..<close])
        return value.isEmpty ? nil : value
    }
}
