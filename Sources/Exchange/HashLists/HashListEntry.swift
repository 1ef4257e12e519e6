import Foundation

/// One hash of a shared hash list, as the lists carry it: the list's own id, the algorithm name
/// as listed (`PDQ`, `MD5`, `SHA256`), the digest, the file type, labels (TCAP's ideology, GIFCT's
/// labels), whether the list deleted it, and when it last changed. Kaiguul's own exports add
/// the label people read, the bank's provenance and the legal basis.
public struct HashListEntry: Sendable, Hashable {
    public var id: String?
    /// Upper-case algorithm name as the list gives it.
    public var algorithm: String
    /// Lowercase hex.
    public var digest: String
    public var fileType: String?
    public var labels: [String]
    public var deleted: Bool
    public var updatedAt: Date?
    public var label: String?
    public var provenance: String?
    public var court: String?
    public var decisionNumber: String?
    public var decisionDate: String?

    public init(id: String? = nil, algorithm: String, digest: String, fileType: String? = nil, labels: [String] = [],
                deleted: Bool = false, updatedAt: Date? = nil, label: String? = nil, provenance: String? = nil,
                court: String? = nil, decisionNumber: String? = nil, decisionDate: String? = nil) {
        self.id = id
        self.algorithm = algorithm
        self.digest = digest
        self.fileType = fileType
        self.labels = labels
        self.deleted = deleted
        self.updatedAt = updatedAt
        self.label = label
        self.provenance = provenance
        self.court = court
        self.decisionNumber = decisionNumber
        self.decisionDate = decisionDate
    }
}

/// A parsed list: its entries (in list order) and the checkpoint to resume from next time.
public struct HashListPage: Sendable, Hashable {
    public var entries: [HashListEntry]
    /// The list's paging checkpoint: its own when it gives one, else the newest `updated_on`.
    public var checkpoint: String?

    public init(entries: [HashListEntry], checkpoint: String?) {
        self.entries = entries
        self.checkpoint = checkpoint
    }
}

/// Why a hash list was refused. Imports are all or nothing: every bad record is listed (the first 100).
public enum HashListError: Error, Sendable, Equatable, CustomStringConvertible {
    case inputTooLarge(bytes: Int, limit: Int)
    case tooManyEntries(limit: Int)
    case notAHashList(String)
    case invalidRecords([HashListIssue])

    public var description: String {
        switch self {
        case let .inputTooLarge(bytes, limit): "input of \(bytes) bytes exceeds the limit of \(limit) bytes"
        case let .tooManyEntries(limit): "more than \(limit) entries"
        case let .notAHashList(why): "not a hash list: \(why)"
        case let .invalidRecords(issues):
            "invalid records: " + issues.prefix(5).map { "\($0.record): \($0.reason)" }.joined(separator: "; ")
                + (issues.count > 5 ? "; …" : "")
        }
    }
}

/// One refused record: `record` is "entry 3" (JSON) or "line 7" (CSV).
public struct HashListIssue: Sendable, Equatable {
    public let record: String
    public let reason: String

    public init(record: String, reason: String) {
        self.record = record
        self.reason = reason
    }
}

/// Field rules shared by the list formats: lists come from outside and are hostile.
enum HashListRules {
    static let maxBytes = 256 << 20
    static let maxEntries = 5_000_000
    static let maxDigestLength = 256
    static let maxFieldLength = 200
    static let maxLabels = 20

    static func digest(_ raw: String) -> String? {
        let value = raw.trimmingCharacters(in: .whitespaces).lowercased()
        guard !value.isEmpty, value.utf8.count <= maxDigestLength,
              value.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return nil }
        return value
    }

    /// Upper-case letters, digits and `_`: anything else in an algorithm name is refused, not guessed.
    static func algorithm(_ raw: String) -> String? {
        let value = raw.trimmingCharacters(in: .whitespaces).uppercased().replacingOccurrences(of: "-", with: "_")
        guard !value.isEmpty, value.utf8.count <= 32,
              value.utf8.allSatisfy({ (65...90).contains($0) || (48...57).contains($0) || $0 == 95 }) else { return nil }
        return value
    }

    /// Free text kept verbatim (shown escaped), bounded, without control characters.
    static func text(_ raw: String?) -> String?? {
        guard let raw else { return .some(nil) }
        let value = raw.trimmingCharacters(in: .whitespaces)
        guard value.count <= maxFieldLength,
              !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return nil }
        return .some(value.isEmpty ? nil : value)
    }

    /// A JSON number (never a boolean): Foundation on Linux gives Int or Double, on Darwin NSNumber.
    static func number(_ raw: Any?) -> Double? {
        guard let raw, !isBoolean(raw), !(raw is String) else { return nil }
        return raw as? Double
    }

    /// JSON `true`/`false`. Foundation bridges numbers and booleans both ways (`0 is Bool`, `true as? Int`),
    /// so the boxed type decides.
    static func isBoolean(_ raw: Any) -> Bool {
        type(of: raw) == Bool.self || String(describing: type(of: raw)).hasSuffix("Boolean")
    }

    /// Epoch seconds (TCAP's `updated_on`) or an ISO 8601 date.
    static func date(_ raw: Any?) -> Date?? {
        if let n = number(raw) {
            guard n.isFinite, n >= 0, n < 32_503_680_000 else { return nil }
            return .some(Date(timeIntervalSince1970: n))
        }
        switch raw {
        case nil, is NSNull: return .some(nil)
        case let s as String:
            let t = s.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { return .some(nil) }
            if let d = Double(t), d.isFinite, d >= 0, d < 32_503_680_000 { return .some(Date(timeIntervalSince1970: d)) }
            let iso = ISO8601DateFormatter()
            if let d = iso.date(from: t) { return .some(d) }
            iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            if let d = iso.date(from: t) { return .some(d) }
            return nil
        default: return nil
        }
    }

    /// A checkpoint as the bank keeps it: epoch seconds with microseconds, so it compares as a number.
    static func checkpoint(_ date: Date) -> String {
        String(format: "%.6f", date.timeIntervalSince1970)
    }
}
