import Foundation

/// The fingerprints of banned materials, with import and export in the two interchange forms:
/// one hex hash per line, and CSV with `hash,label,source`.
///
/// Imports are all or nothing: a file with any bad line is refused with every bad line listed
/// (up to 100), so a half-imported list never silently weakens matching.
public struct MediaBank: Sendable, Hashable {
    public static let maxEntries = 5_000_000
    public static let maxImportBytes = 512 << 20

    public private(set) var entries: [MediaFingerprint]

    public init(_ entries: [MediaFingerprint] = []) {
        self.entries = entries
    }

    public mutating func add(_ fingerprint: MediaFingerprint) {
        entries.append(fingerprint)
    }

    public mutating func add(contentsOf fingerprints: [MediaFingerprint]) {
        entries.append(contentsOf: fingerprints)
    }

    public func entries(of kind: FingerprintKind) -> [MediaFingerprint] {
        entries.filter { $0.kind == kind }
    }

    // MARK: hex per line

    /// Parses one hash per line. Blank lines and lines starting with `#` are skipped; a line may
    /// carry text after the hash, separated by whitespace, which becomes the label (as
    /// `hashtool` output `HASH QUALITY NAME` does, the quality column dropped when numeric).
    public static func parseHexLines(_ text: String, kind: FingerprintKind, source: String = "",
                                     defaultLabel: String = "") throws(BankError) -> [MediaFingerprint] {
        guard text.utf8.count <= maxImportBytes else {
            throw .inputTooLarge(bytes: text.utf8.count, limit: maxImportBytes)
        }
        var result: [MediaFingerprint] = []
        var issues: [BankLineIssue] = []
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            var parts = line.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
                .map { String($0).trimmingCharacters(in: .whitespaces) }
            // A line of separators only (`,,,`) splits into nothing: reading parts[0] crashed the import.
            guard !parts.isEmpty else {
                if issues.count < 100 { issues.append(BankLineIssue(line: lineNumber, reason: "no hash on the line")) }
                continue
            }
            if parts.count == 2 {
                // Drop a numeric quality column (`HEX QUALITY NAME`).
                let rest = parts[1].split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                if let first = rest.first, Int(first) != nil { parts[1] = rest.count > 1 ? rest[1] : "" }
            }
            let label = parts.count == 2 && !parts[1].isEmpty ? parts[1] : defaultLabel
            do {
                result.append(try MediaFingerprint(kind: kind, value: parts[0], label: label, source: source))
            } catch {
                if issues.count < 100 { issues.append(BankLineIssue(line: lineNumber, reason: error.description)) }
            }
            guard result.count <= maxEntries else { throw .tooManyEntries(limit: maxEntries) }
        }
        guard issues.isEmpty else { throw .invalidLines(issues) }
        return result
    }

    /// One lowercase hex hash per line, for the entries of one kind.
    public func exportHexLines(kind: FingerprintKind) -> String {
        entries.lazy.filter { $0.kind == kind }.map { $0.value + "\n" }.joined()
    }

    // MARK: CSV

    /// Parses CSV (RFC 4180 quoting) with columns `hash,label,source` and an optional fourth
    /// column `kind`. A header row naming `hash` first is skipped. Without a kind column, 32 hex
    /// digits are MD5 and 64 are `defaultKind` (PDQ unless told otherwise: PDQ and SHA-256 have
    /// the same length, so a file cannot tell them apart by itself).
    public static func parseCSV(_ text: String,
                                defaultKind: FingerprintKind = .pdq) throws(BankError) -> [MediaFingerprint] {
        guard text.utf8.count <= maxImportBytes else {
            throw .inputTooLarge(bytes: text.utf8.count, limit: maxImportBytes)
        }
        var result: [MediaFingerprint] = []
        var issues: [BankLineIssue] = []
        let records: [(line: Int, fields: [String])]
        do {
            records = try CSV.parse(text)
        } catch {
            throw .invalidLines([BankLineIssue(line: error.line, reason: "unterminated quoted field")])
        }
        for (index, record) in records.enumerated() {
            let fields = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            if fields.allSatisfy(\.isEmpty) { continue }
            if index == 0, fields.first?.lowercased() == "hash" { continue }
            guard fields.count >= 1, fields.count <= 4 else {
                if issues.count < 100 {
                    issues.append(BankLineIssue(line: record.line, reason: "expected hash,label,source[,kind]"))
                }
                continue
            }
            let value = fields[0]
            var kind: FingerprintKind
            if fields.count == 4, !fields[3].isEmpty {
                guard let given = FingerprintKind(rawValue: fields[3].lowercased()) else {
                    if issues.count < 100 {
                        issues.append(BankLineIssue(line: record.line, reason: "unknown kind \(fields[3].prefix(20))"))
                    }
                    continue
                }
                kind = given
            } else {
                kind = value.utf8.count == 32 ? .md5 : defaultKind
            }
            do {
                result.append(try MediaFingerprint(
                    kind: kind, value: value,
                    label: fields.count > 1 ? fields[1] : "",
                    source: fields.count > 2 ? fields[2] : ""))
            } catch {
                if issues.count < 100 { issues.append(BankLineIssue(line: record.line, reason: error.description)) }
            }
            guard result.count <= maxEntries else { throw .tooManyEntries(limit: maxEntries) }
        }
        guard issues.isEmpty else { throw .invalidLines(issues) }
        return result
    }

    /// CSV with a header. Only when `includeKind` (or the bank mixes kinds) is the fourth
    /// column written, so single-kind exports stay in the plain `hash,label,source` form.
    public func exportCSV(kind: FingerprintKind? = nil, includeKind: Bool = false) -> String {
        let selected = kind.map { k in entries.filter { $0.kind == k } } ?? entries
        let withKind = includeKind || Set(selected.map(\.kind)).count > 1
        var out = withKind ? "hash,label,source,kind\n" : "hash,label,source\n"
        for entry in selected {
            var fields = [entry.value, entry.label, entry.source]
            if withKind { fields.append(entry.kind.rawValue) }
            out += CSV.line(fields) + "\n"
        }
        return out
    }
}
