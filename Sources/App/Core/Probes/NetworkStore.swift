import Fluent
import Vapor

/// The networks table: address ranges and the autonomous system and provider they belong to. Probes
/// that declare no network are attributed through it by the address they upload from.
enum NetworkStore {
    /// Lines an import may hold; the form's body limit keeps the text itself small.
    static let importLines = 10_000

    struct Row: Sendable, Hashable {
        var prefix: String
        var asn: Int
        var name: String
    }

    /// `AS64500` or `64500`, a 32-bit AS number other than 0.
    static func asn(_ text: String, field: String, into errors: inout [String: AppError]) -> Int? {
        var digits = Substring(text.trimmingCharacters(in: .whitespaces))
        if digits.uppercased().hasPrefix("AS") { digits = digits.dropFirst(2) }
        guard (1...10).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let value = Int(digits), (1...4_294_967_295).contains(value)
        else {
            errors[field] = .invalid(field, "probes.error.asn")
            return nil
        }
        return value
    }

    /// The range in one spelling: the network address with its host bits cleared, then the length.
    static func normalizedPrefix(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.contains("/"), let range = AddressRange(trimmed) else { return nil }
        var bytes = range.network.bytes
        var remaining = range.prefixLength
        for i in bytes.indices {
            let bits = min(8, max(0, remaining))
            bytes[i] &= bits == 0 ? 0 : UInt8(truncatingIfNeeded: 0xff << (8 - bits))
            remaining -= 8
        }
        guard let network = ClientIP(bytes: bytes) else { return nil }
        return "\(network)/\(range.prefixLength)"
    }

    static func validate(prefix: String?, asn: String?, name: String?, into errors: inout [String: AppError]) -> Row? {
        let prefixText = (prefix ?? "").trimmingCharacters(in: .whitespaces)
        let normalized = prefixText.count <= 64 ? normalizedPrefix(prefixText) : nil
        if normalized == nil { errors["prefix"] = .invalid("prefix", "probes.error.prefix") }
        let number = self.asn(asn ?? "", field: "asn", into: &errors)
        let name = FieldRules.line(name, field: "name", max: 200, into: &errors)
        guard let normalized, let number, errors.isEmpty else { return nil }
        return Row(prefix: normalized, asn: number, name: name)
    }

    /// Reads `prefix,asn,name` lines (a header line and blank lines are skipped; the name may hold commas
    /// and may be quoted). Every bad line is reported with its number; nothing is returned then.
    static func parseCSV(_ text: String) throws -> [Row] {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        guard lines.count <= importLines else {
            throw FormErrors(errors: ["csv": .invalid("csv", "probes.error.csv_too_long", ["max": String(importLines)])])
        }
        var rows: [Row] = []
        var seen = Set<String>()
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || (index == 0 && trimmed.lowercased().hasPrefix("prefix")) { continue }
            let parts = trimmed.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
            var errors: [String: AppError] = [:]
            var row: Row?
            if parts.count == 3 {
                var name = parts[2].trimmingCharacters(in: .whitespaces)
                if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
                    name = String(name.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
                }
                row = validate(prefix: String(parts[0]), asn: String(parts[1]), name: name, into: &errors)
            }
            guard let row else {
                var error = errors.values.sorted { ($0.field ?? "") < ($1.field ?? "") }.first
                    ?? .invalid("csv", "probes.error.csv_line")
                error.field = "csv"
                error.line = index + 1
                throw FormErrors(errors: ["csv": error])
            }
            guard seen.insert(row.prefix).inserted else {
                var error = AppError.invalid("csv", "probes.error.prefix_twice", ["prefix": row.prefix])
                error.line = index + 1
                throw FormErrors(errors: ["csv": error])
            }
            rows.append(row)
        }
        guard !rows.isEmpty else { throw FormErrors(errors: ["csv": .invalid("csv", "probes.error.csv_empty")]) }
        return rows
    }

    /// Adds or replaces ranges in one transaction, audited once with the counts.
    @discardableResult
    static func save(_ rows: [Row], actor: AuditActor, app: Application) async throws -> (added: Int, updated: Int) {
        try await app.write { db in
            var added = 0, updated = 0
            for row in rows {
                if let existing = try await Network.query(on: db).filter(\.$prefix == row.prefix).first() {
                    guard existing.asn != row.asn || existing.name != row.name else { continue }
                    existing.asn = row.asn
                    existing.name = row.name
                    try await existing.update(on: db)
                    updated += 1
                } else {
                    let network = Network()
                    network.prefix = row.prefix
                    network.asn = row.asn
                    network.name = row.name
                    network.createdAt = Date()
                    try await network.create(on: db)
                    added += 1
                }
            }
            var details = ["added": String(added), "updated": String(updated)]
            if rows.count == 1, let row = rows.first {
                details["prefix"] = row.prefix
                details["asn"] = String(row.asn)
                details["name"] = row.name
            }
            try await AuditLog.append(on: db, actor: actor, action: "network.save", objectType: "network",
                                      objectID: nil, details: details)
            return (added, updated)
        }
    }

    static func delete(_ id: Int, actor: AuditActor, app: Application) async throws {
        try await app.write { db in
            guard let network = try await Network.find(id, on: db) else { throw AppError.notFound }
            let details = ["prefix": network.prefix, "asn": String(network.asn), "name": network.name]
            try await network.delete(on: db)
            try await AuditLog.append(on: db, actor: actor, action: "network.delete", objectType: "network",
                                      objectID: String(id), details: details)
        }
    }
}

/// The networks table loaded once for lookups: the longest prefix containing an address wins.
struct NetworkTable: Sendable {
    struct Entry: Sendable {
        var range: AddressRange
        var asn: Int
        var name: String
    }

    var entries: [Entry]

    static func load(on db: any Database) async throws -> NetworkTable {
        let rows = try await Network.query(on: db).limit(100_000).all()
        return NetworkTable(entries: rows.compactMap { row in
            AddressRange(row.prefix).map { Entry(range: $0, asn: row.asn, name: row.name) }
        })
    }

    func network(of address: String) -> (asn: Int, name: String)? {
        guard let ip = ClientIP(address) else { return nil }
        let best = entries.filter { $0.range.contains(ip) }.max { $0.range.prefixLength < $1.range.prefixLength }
        return best.map { ($0.asn, $0.name) }
    }

    /// Two addresses of one autonomous system: the verdict rules count their answers as consistent.
    func sameNetwork(_ a: String, _ b: String) -> Bool {
        guard let x = network(of: a), let y = network(of: b) else { return false }
        return x.asn == y.asn
    }
}
