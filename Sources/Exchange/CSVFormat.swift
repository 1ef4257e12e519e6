import Foundation

/// Every active order, domain-, URL- and account-level, as RFC 4180 CSV (CRLF line ends, quoted
/// fields). Values that a spreadsheet would run as a formula get a leading apostrophe (OWASP's advice),
/// since court and decision text come from people and providers open these files in office software.
public struct CSVFormat: BlocklistFormat {
    public let name = "csv"
    public let mediaType = "text/csv; charset=utf-8"
    public let fileExtension = "csv"

    static let header = ["order_id", "kind", "target", "platform", "handle", "decision_number", "court",
                         "decision_date"]

    public init() {}

    public func render(_ list: Blocklist) -> String {
        var rows = [Self.header.map(Self.field).joined(separator: ",")]
        for entry in list.sortedEntries {
            var platform = ""
            var handle = ""
            if case .account(let p, let h) = entry.target {
                platform = p
                handle = h
            }
            let values = [entry.orderID, entry.kind.rawValue, entry.target.canonical, platform, handle,
                          entry.decisionNumber, entry.court, entry.decisionDate]
            rows.append(values.map(Self.field).joined(separator: ","))
        }
        return rows.map { $0 + "\r\n" }.joined()
    }

    static func field(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            text = "'" + text
        }
        // Scalars, not Characters: "\r\n" is one Character and would match neither "\r" nor "\n".
        let needsQuotes = text.unicodeScalars.contains { ",\"\n\r'".unicodeScalars.contains($0) }
            || text.hasPrefix(" ") || text.hasSuffix(" ")
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
