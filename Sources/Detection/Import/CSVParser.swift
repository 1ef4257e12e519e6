/// A small RFC 4180 reader: quoted fields with `""` escapes and embedded line breaks, CRLF or LF,
/// a leading byte-order mark dropped, comma, semicolon or tab chosen from the header line.
enum CSVParser {
    struct Row {
        /// 1-based line number where the record starts.
        let line: Int
        let fields: [String]
    }

    static func detectDelimiter(_ text: Substring) -> Character {
        let header = text.prefix { $0 != "\n" && $0 != "\r\n" }
        let candidates: [Character] = [",", ";", "\t"]
        return candidates.max { a, b in header.filter { $0 == a }.count < header.filter { $0 == b }.count } ?? ","
    }

    /// Parses at most `maxRows` records; `unterminatedQuote` is the line of a quote never closed.
    static func parse(_ input: String, maxRows: Int) -> (rows: [Row], unterminatedQuote: Int?, truncated: Bool) {
        var text = Substring(input)
        if text.hasPrefix("\u{FEFF}") { text = text.dropFirst() }
        let delimiter = detectDelimiter(text)
        var rows: [Row] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var quoteLine = 1
        var iterator = text.makeIterator()
        var pending: Character? = nil
        func endRecord() {
            fields.append(field)
            field = ""
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append(Row(line: recordLine, fields: fields)) }
            fields = []
        }
        while let character = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { inQuotes = false; pending = next }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty:
                inQuotes = true
                quoteLine = line
            case delimiter:
                fields.append(field)
                field = ""
            case "\n", "\r\n", "\r":
                endRecord()
                line += 1
                recordLine = line
                if rows.count >= maxRows { return (rows, nil, true) }
            default:
                field.append(character)
            }
        }
        if inQuotes { return (rows, quoteLine, false) }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return (rows, nil, false)
    }
}
