import Foundation

/// GIFCT-style CSV: one hash a row under a header that names its columns. Recognised columns
/// (any order, case-insensitive): `hash` (or `hash_value`, `hash_digest`), `hash_type` (or
/// `algorithm`, `signal_type`), `labels` (separated by `;` or `|`), `id`, `file_type`, `deleted`
/// (`true`/`1`), `updated_at` (or `updated_on`: epoch seconds or ISO 8601). Others are ignored.
public enum GIFCTHashCSV {
    public static func parse(_ text: String) throws(HashListError) -> HashListPage {
        guard text.utf8.count <= HashListRules.maxBytes else {
            throw .inputTooLarge(bytes: text.utf8.count, limit: HashListRules.maxBytes)
        }
        let rows: [(line: Int, fields: [String])]
        do { rows = try HashListCSV.parse(text) } catch {
            throw .invalidRecords([HashListIssue(record: "line \(error.line)", reason: "unterminated quoted field")])
        }
        guard let header = rows.first else { throw .notAHashList("empty file") }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func column(_ aliases: String...) -> Int? { names.firstIndex { aliases.contains($0) } }
        guard let hashColumn = column("hash", "hash_value", "hash_digest"),
              let typeColumn = column("hash_type", "algorithm", "signal_type") else {
            throw .notAHashList("the header must name a hash and a hash_type column")
        }
        let labelsColumn = column("labels", "label", "tags")
        let idColumn = column("id", "hash_id")
        let fileTypeColumn = column("file_type")
        let deletedColumn = column("deleted")
        let updatedColumn = column("updated_at", "updated_on", "timestamp")
        guard rows.count - 1 <= HashListRules.maxEntries else { throw .tooManyEntries(limit: HashListRules.maxEntries) }
        var entries: [HashListEntry] = []
        var issues: [HashListIssue] = []
        var newest: Date?
        for row in rows.dropFirst() {
            let fields = row.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            if fields.allSatisfy(\.isEmpty) { continue }
            func field(_ index: Int?) -> String? { index.flatMap { $0 < fields.count ? fields[$0] : nil } }
            func fail(_ reason: String) { if issues.count < 100 { issues.append(HashListIssue(record: "line \(row.line)", reason: reason)) } }
            guard fields.count == names.count else { fail("expected \(names.count) fields"); continue }
            guard let digest = field(hashColumn).flatMap(HashListRules.digest) else { fail("hash missing or not hex"); continue }
            guard let algorithm = field(typeColumn).flatMap(HashListRules.algorithm) else { fail("hash_type missing or malformed"); continue }
            guard let id = HashListRules.text(field(idColumn)), let fileType = HashListRules.text(field(fileTypeColumn)) else {
                fail("id or file_type too long"); continue
            }
            var labels: [String] = []
            var labelsOK = true
            for part in (field(labelsColumn) ?? "").split(whereSeparator: { $0 == ";" || $0 == "|" }) {
                guard let text = HashListRules.text(String(part)) else { labelsOK = false; break }
                if let text, labels.count < HashListRules.maxLabels { labels.append(text) }
            }
            guard labelsOK else { fail("a label is too long"); continue }
            let deleted: Bool
            switch (field(deletedColumn) ?? "").lowercased() {
            case "", "false", "0", "no": deleted = false
            case "true", "1", "yes": deleted = true
            default: fail("deleted is not true or false"); continue
            }
            guard let updated = HashListRules.date(field(updatedColumn)) else { fail("updated_at is not a time"); continue }
            if let d = updated, d > (newest ?? .distantPast) { newest = d }
            entries.append(HashListEntry(id: id ?? nil, algorithm: algorithm, digest: digest, fileType: fileType ?? nil,
                                         labels: labels, deleted: deleted, updatedAt: updated ?? nil))
        }
        guard issues.isEmpty else { throw .invalidRecords(issues) }
        return HashListPage(entries: entries, checkpoint: newest.map(HashListRules.checkpoint))
    }
}

/// RFC 4180 records with the line each starts on (quoted fields may span lines).
enum HashListCSV {
    struct UnterminatedQuote: Error { let line: Int }

    static func parse(_ text: String) throws(UnterminatedQuote) -> [(line: Int, fields: [String])] {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false, afterQuote = false
        var line = 1, recordLine = 1
        for c in text.unicodeScalars {
            if inQuotes {
                if c == "\"" { inQuotes = false; afterQuote = true; continue }
                if c == "\n" { line += 1 }
                field.unicodeScalars.append(c)
                continue
            }
            if afterQuote, c == "\"" { inQuotes = true; afterQuote = false; field.unicodeScalars.append("\""); continue }
            afterQuote = false
            switch c {
            case "\"" where field.isEmpty: inQuotes = true
            case ",": fields.append(field); field = ""
            case "\r": continue
            case "\n":
                fields.append(field)
                records.append((recordLine, fields))
                fields = []; field = ""
                line += 1; recordLine = line
            default: field.unicodeScalars.append(c)
            }
        }
        if inQuotes { throw UnterminatedQuote(line: recordLine) }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append((recordLine, fields))
        }
        return records
    }
}
