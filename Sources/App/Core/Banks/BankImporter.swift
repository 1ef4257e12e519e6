import Exchange
import Fluent
import Foundation
import MediaMatch
import Vapor

/// What an import did to a bank.
struct BankImportReport: Sendable, Equatable {
    var bankID: Int
    var added = 0
    var updated = 0
    var tombstoned = 0
    var unchanged = 0
    /// Entries older than the bank's checkpoint: applied by an earlier import.
    var alreadyApplied = 0
    /// Entries of algorithms Kaiguul has no kind for (SHA-1, TMK, …), by algorithm.
    var unknownAlgorithms: [String: Int] = [:]
    var checkpoint: String?
}

/// Why an import was refused; nothing was written.
struct BankImportError: Error, Sendable, CustomStringConvertible {
    var field: String
    var description: String
}

/// Imports a parsed hash list into a named bank in one transaction (with its audit row): new
/// hashes added, changed ones updated, `deleted` entries tombstoned (the row stays, `status`
/// `deleted`, so exports pass the deletion on), and entries not newer than the bank's checkpoint
/// skipped, so a re-import of a longer list applies only what changed since.
enum BankImporter {
    struct Options: Sendable {
        var bankName: String
        /// `tcap` or `gifct`.
        var format: String
        /// Where the list comes from; a new bank's provenance (kept on later imports unless given).
        var provenance: String?
        var labels: [String] = []
        var negative = false
    }

    static let maxNameLength = 200

    static func importList(_ page: HashListPage, options: Options, actor: AuditActor, now: Date = Date(),
                           app: Application) async throws -> BankImportReport {
        let name = options.bankName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= maxNameLength,
              !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw BankImportError(field: "bank", description: "a bank name of 1 to \(maxNameLength) printable characters")
        }
        // Every entry checked before anything is written: a list with a digest of the wrong length is refused whole.
        var issues: [String] = []
        var typed: [(entry: HashListEntry, kind: FingerprintKind)] = []
        var unknown: [String: Int] = [:]
        for (index, entry) in page.entries.enumerated() {
            guard let definition = HashKinds.listed(entry.algorithm) else { unknown[entry.algorithm, default: 0] += 1; continue }
            let kind = FingerprintKind(rawValue: definition.name)!
            guard entry.digest.utf8.count == kind.hexLength else {
                if issues.count < 5 { issues.append("entry \(index + 1): not a \(kind.rawValue) digest") }
                continue
            }
            typed.append((entry, kind))
        }
        guard issues.isEmpty else {
            throw BankImportError(field: "file", description: "nothing imported: " + issues.joined(separator: "; "))
        }
        let entries = typed, unknownAlgorithms = unknown
        return try await app.write { db in
            let bank: HashBank
            if let existing = try await HashBank.query(on: db).filter(\.$name == name).first() {
                guard !existing.isCourtBank else {
                    throw BankImportError(field: "bank", description: "the court bank takes fingerprints of banned materials only")
                }
                bank = existing
            } else {
                bank = HashBank()
                bank.name = name
                bank.kind = "imported"
                bank.provenance = options.provenance ?? options.format + " list"
                bank.format = options.format
                bank.labels = ""
                bank.enabled = true
                bank.negative = options.negative
                bank.pdqDistance = MediaMatcher.defaultMaxDistance
                bank.createdBy = actor.id
                bank.createdAt = now
                try await bank.create(on: db)
            }
            let bankID = try bank.requireID()
            var report = BankImportReport(bankID: bankID, unknownAlgorithms: unknownAlgorithms)
            let since = bank.checkpoint.flatMap(HashListCheckpoint.time)
            let existing = try await BankEntry.query(on: db).filter(\.$bankID == bankID).all()
            var byHash = Dictionary(existing.map { ("\($0.kind):\($0.value)", $0) }, uniquingKeysWith: { a, _ in a })
            for (entry, kind) in entries {
                if let since, let at = entry.updatedAt, at.timeIntervalSince1970 <= since {
                    report.alreadyApplied += 1
                    continue
                }
                let key = "\(kind.rawValue):\(entry.digest)"
                let label = entry.label ?? (entry.labels.isEmpty ? nil : entry.labels.joined(separator: "; "))
                if let row = byHash[key] {
                    if entry.deleted {
                        guard row.status == "active" else { report.unchanged += 1; continue }
                        row.status = "deleted"
                        row.deletedAt = now
                        row.updatedAt = now
                        row.listedAt = entry.updatedAt ?? row.listedAt
                        try await row.update(on: db)
                        report.tombstoned += 1
                    } else if row.status != "active" || row.label != label || row.fileType != entry.fileType
                                || row.externalID != (entry.id ?? row.externalID) {
                        row.status = "active"
                        row.deletedAt = nil
                        row.label = label
                        row.fileType = entry.fileType
                        row.externalID = entry.id ?? row.externalID
                        row.listedAt = entry.updatedAt ?? row.listedAt
                        row.updatedAt = now
                        try await row.update(on: db)
                        report.updated += 1
                    } else {
                        report.unchanged += 1
                    }
                } else if entry.deleted {
                    // A tombstone for a hash this bank never held: nothing to withdraw.
                    report.unchanged += 1
                } else {
                    let row = BankEntry()
                    row.bankID = bankID
                    row.kind = kind.rawValue
                    row.value = entry.digest
                    row.label = label
                    row.externalID = entry.id
                    row.fileType = entry.fileType
                    row.status = "active"
                    row.listedAt = entry.updatedAt
                    row.createdAt = now
                    row.updatedAt = now
                    try await row.create(on: db)
                    byHash[key] = row
                    report.added += 1
                }
            }
            // The checkpoint only moves forward: an older file re-imported must not reopen what a newer one settled.
            if let given = page.checkpoint {
                // A checkpoint that is no time at all cannot be ordered: the bank keeps the one it has.
                if let new = HashListCheckpoint.time(given) {
                    if since.map({ new > $0 }) ?? true { bank.checkpoint = given }
                } else if since == nil {
                    bank.checkpoint = given
                }
            }
            report.checkpoint = bank.checkpoint
            var labels = bank.labels.split(separator: "\n").map(String.init)
            for label in options.labels + page.entries.flatMap(\.labels) where !labels.contains(label) && labels.count < 50 {
                labels.append(label)
            }
            bank.labels = labels.joined(separator: "\n")
            if let provenance = options.provenance { bank.provenance = provenance }
            bank.format = options.format
            bank.lastImportedAt = now
            bank.updatedAt = now
            try await bank.update(on: db)
            var details = ["format": options.format, "added": String(report.added), "updated": String(report.updated),
                           "tombstoned": String(report.tombstoned), "unchanged": String(report.unchanged),
                           "already_applied": String(report.alreadyApplied), "checkpoint": bank.checkpoint ?? ""]
            if !unknownAlgorithms.isEmpty { details["unknown_algorithms"] = unknownAlgorithms.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }
            try await AuditLog.append(on: db, actor: actor, action: "hash_bank.import", objectType: "hash_bank",
                                      objectID: String(bankID), details: details)
            return report
        }
    }
}
