import Foundation

/// The format of an import file.
public enum ImportFormat: String, Codable, Sendable, CaseIterable {
    case csv
    /// A JSON array of objects, an object with an `indicators` or `materials` array, or JSON Lines.
    case json
    /// JSON when the first non-blank byte is `[` or `{`, CSV otherwise.
    case auto
}

/// A problem with one row (or with the whole file when `row` is 0).
public struct ImportIssue: Codable, Hashable, Sendable, CustomStringConvertible {
    /// 1-based data row (CSV: line where the record starts; JSON: position in the array); 0 = file.
    public let row: Int
    public let field: String?
    public let message: String

    public init(row: Int, field: String?, message: String) {
        self.row = row
        self.field = field
        self.message = message
    }

    public var description: String {
        (row > 0 ? "row \(row)" : "file") + (field.map { ", \($0)" } ?? "") + ": \(message)"
    }
}

/// A banned material's text as imported from a registry.
public struct MaterialRecord: Codable, Hashable, Sendable {
    public var materialID: String
    public var title: String
    public var organizationID: String?
    public var text: String

    public init(materialID: String, title: String, organizationID: String?, text: String) {
        self.materialID = materialID
        self.title = title
        self.organizationID = organizationID
        self.text = text
    }
}

/// What an import would do: the valid rows, the rejected ones, and counts for a dry-run report.
public struct ImportReport<Record: Codable & Sendable & Hashable>: Codable, Sendable, Hashable {
    public var records: [Record]
    /// The data row each record came from, in the same order (so a later check can name the row).
    public var recordRows: [Int] = []
    public var errors: [ImportIssue]
    public var warnings: [ImportIssue]
    /// Rows read (valid + rejected + skipped duplicates).
    public var rowsRead: Int
    /// Counts for the report, e.g. "organization:kara-tuman" → 12, "mode:stem" → 4.
    public var counts: [String: Int]

    public init(records: [Record], errors: [ImportIssue], warnings: [ImportIssue], rowsRead: Int, counts: [String: Int],
                recordRows: [Int] = []) {
        self.records = records
        self.errors = errors
        self.warnings = warnings
        self.rowsRead = rowsRead
        self.counts = counts
        self.recordRows = recordRows
    }

    /// True when nothing is wrong enough to refuse the file.
    public var isClean: Bool { errors.isEmpty }

    /// The dry-run report, one line each.
    public var summaryLines: [String] {
        var lines = ["rows read: \(rowsRead)", "valid: \(records.count)", "errors: \(errors.count)",
                     "warnings: \(warnings.count)"]
        lines += counts.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)" }
        lines += errors.prefix(100).map { "error: \($0)" }
        lines += warnings.prefix(100).map { "warning: \($0)" }
        return lines
    }
}

/// Parses and validates registries' indicator and material files. Pure: bytes in, rows and
/// problems out; App shows the report (dry run) or stores the records.
public enum RegistryImport {
    public struct Limits: Sendable, Hashable {
        public var maxFileBytes: Int
        public var maxRows: Int
        public var maxMaterialBytes: Int

        public init(maxFileBytes: Int = 64 << 20, maxRows: Int = 1_000_000, maxMaterialBytes: Int = 8 << 20) {
            self.maxFileBytes = maxFileBytes
            self.maxRows = maxRows
            self.maxMaterialBytes = maxMaterialBytes
        }
    }

    static let modeAliases: [String: IndicatorMode] = [
        "word": .word, "whole": .word, "exact": .word,
        "stem": .stem, "prefix": .stem,
        "phrase": .phrase,
        "hashtag": .hashtag, "tag": .hashtag,
        "handle": .handle, "account": .handle, "username": .handle,
        "domain": .domain, "site": .domain, "url": .domain,
    ]

    static let fieldAliases: [String: String] = [
        "organization": "organization", "organisation": "organization", "org": "organization",
        "organization_id": "organization", "organisation_id": "organization",
        "indicator": "indicator", "text": "text", "value": "indicator", "term": "indicator",
        "language": "language", "lang": "language",
        "mode": "mode", "type": "mode", "kind": "mode",
        "weight": "weight",
        "id": "id", "material_id": "id", "indicator_id": "id",
        "title": "title", "name": "title",
        "body": "text", "content": "text",
    ]

    // MARK: - Rows

    struct RawRow {
        let number: Int
        let fields: [String: String]
    }

    static func rows(from data: Data, format: ImportFormat, limits: Limits, arrayKey: String)
        -> (rows: [RawRow], errors: [ImportIssue])
    {
        guard data.count <= limits.maxFileBytes else {
            return ([], [ImportIssue(row: 0, field: nil, message: "file larger than \(limits.maxFileBytes) bytes")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return ([], [ImportIssue(row: 0, field: nil, message: "file is not valid UTF-8")])
        }
        let first = text.first { !$0.isWhitespace && $0 != "\u{FEFF}" }
        let resolved: ImportFormat = format == .auto ? ((first == "[" || first == "{") ? .json : .csv) : format
        return resolved == .json ? jsonRows(text, limits: limits, arrayKey: arrayKey) : csvRows(text, limits: limits)
    }

    static func csvRows(_ text: String, limits: Limits) -> (rows: [RawRow], errors: [ImportIssue]) {
        let parsed = CSVParser.parse(text, maxRows: limits.maxRows + 1)
        var errors: [ImportIssue] = []
        if let line = parsed.unterminatedQuote {
            errors.append(ImportIssue(row: line, field: nil, message: "quote opened here is never closed"))
        }
        if parsed.truncated {
            errors.append(ImportIssue(row: 0, field: nil, message: "more than \(limits.maxRows) rows"))
        }
        guard let header = parsed.rows.first else {
            errors.append(ImportIssue(row: 0, field: nil, message: "no header row"))
            return ([], errors)
        }
        let names = header.fields.map { fieldAliases[$0.trimmingCharacters(in: .whitespaces).lowercased()] }
        var rows: [RawRow] = []
        for row in parsed.rows.dropFirst() {
            if row.fields.count != header.fields.count {
                errors.append(ImportIssue(row: row.line, field: nil,
                                          message: "\(row.fields.count) fields, header has \(header.fields.count)"))
                continue
            }
            var fields: [String: String] = [:]
            for (index, value) in row.fields.enumerated() {
                if let name = names[index] { fields[name] = value }
            }
            rows.append(RawRow(number: row.line, fields: fields))
        }
        return (rows, errors)
    }

    static func jsonRows(_ text: String, limits: Limits, arrayKey: String) -> (rows: [RawRow], errors: [ImportIssue]) {
        var objects: [Any] = []
        if let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) {
            if let array = parsed as? [Any] {
                objects = array
            } else if let object = parsed as? [String: Any] {
                objects = (object[arrayKey] as? [Any]) ?? [object]
            }
        } else {
            // JSON Lines.
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !trimmed.isEmpty else { continue }
                guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) else {
                    return ([], [ImportIssue(row: index + 1, field: nil, message: "not valid JSON")])
                }
                objects.append(object)
            }
        }
        guard objects.count <= limits.maxRows else {
            return ([], [ImportIssue(row: 0, field: nil, message: "more than \(limits.maxRows) rows")])
        }
        var rows: [RawRow] = []
        var errors: [ImportIssue] = []
        for (index, value) in objects.enumerated() {
            guard let object = value as? [String: Any] else {
                errors.append(ImportIssue(row: index + 1, field: nil, message: "not an object"))
                continue
            }
            var fields: [String: String] = [:]
            for (key, value) in object {
                guard let name = fieldAliases[key.lowercased()] else { continue }
                switch value {
                case let string as String: fields[name] = string
                case let number as NSNumber: fields[name] = number.stringValue
                case is NSNull: break
                default: errors.append(ImportIssue(row: index + 1, field: name, message: "must be a string or number"))
                }
            }
            rows.append(RawRow(number: index + 1, fields: fields))
        }
        return (rows, errors)
    }

    // MARK: - Indicators

    public static func indicators(from data: Data, format: ImportFormat = .auto, limits: Limits = Limits())
        -> ImportReport<Indicator>
    {
        let (rows, fileErrors) = rows(from: data, format: format, limits: limits, arrayKey: "indicators")
        var report = ImportReport<Indicator>(records: [], errors: fileErrors, warnings: [], rowsRead: rows.count,
                                             counts: [:])
        let normalizer = TextNormalizer()
        var seen = Set<String>()
        for row in rows {
            func value(_ name: String) -> String? {
                let trimmed = row.fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines)
                return trimmed?.isEmpty == false ? trimmed : nil
            }
            var problems: [ImportIssue] = []
            func fail(_ field: String, _ message: String) {
                problems.append(ImportIssue(row: row.number, field: field, message: message))
            }
            let organization = value("organization")
            if organization == nil { fail("organization", "missing") }
            if let organization, organization.count > 200 { fail("organization", "longer than 200 characters") }
            let text = value("indicator") ?? value("text")
            if text == nil { fail("indicator", "missing") }
            // A registered alias is written as it is used ("#каратуман", "@name", "t.me/name"): its form
            // says the mode when the row does not, or when the row's word mode could never match it.
            let inferred = text.map { IndicatorSpelling.mode(of: $0, normalizer: normalizer) } ?? .word
            var mode = inferred
            if let raw = value("mode") {
                if let known = modeAliases[raw.lowercased()] {
                    mode = known
                    if [.word, .stem, .phrase].contains(known), [.hashtag, .handle].contains(inferred) {
                        mode = inferred
                        report.warnings.append(ImportIssue(row: row.number, field: "mode",
                                                           message: "«\(raw)» read as \(inferred.rawValue) by its form"))
                    }
                } else {
                    fail("mode", "unknown mode «\(raw)»")
                }
            } else {
                report.warnings.append(ImportIssue(row: row.number, field: "mode",
                                                   message: "missing, taken as \(inferred.rawValue) by its form"))
            }
            var weight = 1.0
            if let raw = value("weight") {
                if let parsed = Double(raw.replacingOccurrences(of: ",", with: ".")), parsed.isFinite, parsed > 0,
                   parsed <= 10 {
                    weight = parsed
                } else {
                    fail("weight", "must be a number in (0, 10]")
                }
            }
            let language = value("language")?.lowercased()
            if let language, !isLanguageTag(language) { fail("language", "not a language code like ky, ru, uz-latn") }
            guard problems.isEmpty, let organization, let text else {
                report.errors += problems
                continue
            }
            let indicator = Indicator(id: value("id"), organizationID: organization, text: text, language: language,
                                      weight: weight, mode: mode)
            if case .failure(let error) = IndicatorMatcher.compile(indicator, normalizer: normalizer) {
                report.errors.append(ImportIssue(row: row.number, field: "indicator", message: error.message))
                continue
            }
            let identity = IndicatorSpelling.identity(of: indicator, normalizer: normalizer)
            guard seen.insert(identity).inserted else {
                report.warnings.append(ImportIssue(row: row.number, field: "indicator",
                                                   message: "duplicate of an earlier row, skipped"))
                continue
            }
            report.records.append(indicator)
            report.recordRows.append(row.number)
            report.counts["organization:\(organization)", default: 0] += 1
            report.counts["mode:\(mode.rawValue)", default: 0] += 1
        }
        return report
    }

    static func isLanguageTag(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter })
        else { return false }
        guard parts.count <= 2 else { return false }
        if parts.count == 2 {
            return parts[1].count == 4 && parts[1].allSatisfy { $0.isASCII && $0.isLetter }
        }
        return true
    }

    // MARK: - Materials

    public static func materials(from data: Data, format: ImportFormat = .auto, limits: Limits = Limits())
        -> ImportReport<MaterialRecord>
    {
        let (rows, fileErrors) = rows(from: data, format: format, limits: limits, arrayKey: "materials")
        var report = ImportReport<MaterialRecord>(records: [], errors: fileErrors, warnings: [], rowsRead: rows.count,
                                                  counts: [:])
        let normalizer = TextNormalizer()
        var ids = Set<String>()
        for row in rows {
            let title = row.fields["title"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            let text = row.fields["text"] ?? ""
            var problems: [ImportIssue] = []
            if title.isEmpty { problems.append(ImportIssue(row: row.number, field: "title", message: "missing")) }
            if title.count > 500 {
                problems.append(ImportIssue(row: row.number, field: "title", message: "longer than 500 characters"))
            }
            if text.utf8.count > limits.maxMaterialBytes {
                problems.append(ImportIssue(row: row.number, field: "text",
                                            message: "longer than \(limits.maxMaterialBytes) bytes"))
            } else if normalizer.normalize(text).words().count < 3 {
                problems.append(ImportIssue(row: row.number, field: "text", message: "fewer than 3 words"))
            }
            let id = row.fields["id"]?.trimmingCharacters(in: .whitespaces).nilIfEmpty ?? "material-\(row.number)"
            if ids.contains(id) {
                problems.append(ImportIssue(row: row.number, field: "id", message: "duplicate id «\(id)»"))
            }
            guard problems.isEmpty else {
                report.errors += problems
                continue
            }
            ids.insert(id)
            let organization = row.fields["organization"]?.trimmingCharacters(in: .whitespaces).nilIfEmpty
            report.records.append(
                MaterialRecord(materialID: id, title: title, organizationID: organization, text: text))
            report.recordRows.append(row.number)
            report.counts["organization:\(organization ?? "-")", default: 0] += 1
        }
        return report
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
