import Fluent
import Foundation
import MediaMatch
import SQLKit

/// The banks as the matcher sees them: the court bank's fingerprints (materials not revoked) and
/// every enabled bank's active entries, each with its bank's PDQ distance; negative banks'
/// entries as the suppressing bank. Held hashes (flood quarantine) and switched-off banks never
/// come back from here, so no lookup can return them.
enum BankMatching {
    struct Banks: Sendable {
        var positive: MediaBank
        var negative: MediaBank
    }

    static func load(on db: any Database) async throws -> Banks {
        let kinds = FingerprintKind.allCases.map(\.rawValue)
        let held = Set(try await HashHold.query(on: db).filter(\.$releasedAt == nil).all().map { "\($0.kind):\($0.value)" })
        let banks = try await HashBank.query(on: db).filter(\.$enabled == true).all()
        var positive = MediaBank(), negative = MediaBank()
        for bank in banks {
            guard let bankID = bank.id else { continue }
            if bank.isCourtBank {
                let rows = try await MaterialFingerprint.query(on: db).filter(\.$kind ~~ kinds).with(\.$material).all()
                for row in rows where row.material.revokedAt == nil && !held.contains("\(row.kind):\(row.value)") {
                    guard let kind = FingerprintKind(rawValue: row.kind) else { continue }
                    let label = row.label.flatMap { $0.isEmpty ? nil : $0 } ?? row.material.title
                    guard var fingerprint = try? MediaFingerprint(kind: kind, value: row.value, label: label,
                                                                  source: "material #\(row.$material.id)") else { continue }
                    fingerprint.maxDistance = bank.pdqDistance
                    positive.add(fingerprint)
                }
                continue
            }
            let rows = try await BankEntry.query(on: db).filter(\.$bankID == bankID).filter(\.$status == "active")
                .filter(\.$kind ~~ kinds).all()
            for row in rows where bank.negative || !held.contains("\(row.kind):\(row.value)") {
                guard let kind = FingerprintKind(rawValue: row.kind),
                      var fingerprint = try? MediaFingerprint(kind: kind, value: row.value,
                                                              label: String((row.label ?? bank.name).prefix(MediaFingerprint.maxLabelLength)),
                                                              source: "bank #\(bankID)") else { continue }
                fingerprint.maxDistance = bank.pdqDistance
                if bank.negative { negative.add(fingerprint) } else { positive.add(fingerprint) }
            }
        }
        return Banks(positive: positive, negative: negative)
    }

    static func matcher(on db: any Database) async throws -> MediaMatcher {
        let banks = try await load(on: db)
        return MediaMatcher(bank: banks.positive, negative: banks.negative)
    }

    /// The bank a match came from: `bank #ID`, or the court bank for `material #ID`.
    static func bankID(ofSource source: String, courtBankID: Int?) -> Int? {
        if source.hasPrefix("bank #") { return Int(source.dropFirst("bank #".count)) }
        if source.hasPrefix("material #") { return courtBankID }
        return nil
    }

    /// A one-row summary of the banks, holds and revocations: when it changes the analysis reloads its matcher.
    static func revision(on db: any Database) async throws -> String {
        guard let sql = db as? any SQLDatabase else { return "" }
        struct Row: Decodable {
            var banks: String?
            var entries: Int
            var entries_changed: String?
            var holds: Int
            var holds_changed: String?
            var revoked: Int
        }
        let row = try await sql.raw("""
            SELECT (SELECT CAST(MAX(updated_at) AS TEXT) FROM hash_banks) AS banks,
                   (SELECT COUNT(*) FROM bank_entries) AS entries,
                   (SELECT CAST(MAX(updated_at) AS TEXT) FROM bank_entries) AS entries_changed,
                   (SELECT COUNT(*) FROM hash_holds WHERE released_at IS NULL) AS holds,
                   (SELECT CAST(MAX(held_at) AS TEXT) FROM hash_holds) AS holds_changed,
                   (SELECT COUNT(*) FROM banned_materials WHERE revoked_at IS NOT NULL) AS revoked
            """).first(decoding: Row.self)
        guard let row else { return "" }
        return [row.banks ?? "-", String(row.entries), row.entries_changed ?? "-", String(row.holds),
                row.holds_changed ?? "-", String(row.revoked)].joined(separator: "/")
    }
}
