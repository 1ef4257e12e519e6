import Fluent
import Foundation
import MediaMatch
import SQLKit
import Vapor

/// The writes people make on banks, each in one transaction with its audit row: a bank's switch and
/// PDQ distance, releasing a held hash, an overturned ban, and true/false-positive feedback on a match.
enum BankStore {
    static let maxDistance = 128
    static let maxNoteLength = 1000

    static func updateSettings(_ bankID: Int, enabled: Bool, pdqDistance: String?, actor: AuditActor,
                               app: Application) async throws {
        guard let text = pdqDistance?.trimmingCharacters(in: .whitespaces), let distance = Int(text),
              (0...maxDistance).contains(distance) else {
            throw AppError.invalid("pdq_distance", "banks.error.distance", ["max": String(maxDistance)])
        }
        try await app.write { db in
            guard let bank = try await HashBank.find(bankID, on: db) else { throw AppError.notFound }
            let before = (bank.enabled, bank.pdqDistance)
            bank.enabled = enabled
            bank.pdqDistance = distance
            bank.updatedAt = Date()
            try await bank.update(on: db)
            try await AuditLog.append(on: db, actor: actor, action: "hash_bank.update", objectType: "hash_bank",
                                      objectID: String(bankID),
                                      details: ["enabled": String(enabled), "pdq_distance": String(distance),
                                                "was_enabled": String(before.0), "was_pdq_distance": String(before.1)])
        }
    }

    /// An analyst looked at a flooding hash and lets it match again.
    static func releaseHold(_ holdID: Int, actor: AuditActor, app: Application) async throws {
        try await app.write { db in
            guard let hold = try await HashHold.find(holdID, on: db) else { throw AppError.notFound }
            guard hold.releasedAt == nil else { return }
            hold.releasedAt = Date()
            hold.releasedBy = actor.id
            try await hold.update(on: db)
            try await AuditLog.append(on: db, actor: actor, action: "hash_bank.release", objectType: "hash_hold",
                                      objectID: String(holdID), details: ["kind": hold.kind, "value": hold.value])
        }
    }

    /// A court overturned the ban: the material stays on record, its hashes stop matching and leave as tombstones.
    static func revokeMaterial(_ materialID: Int, reason: String?, actor: AuditActor, app: Application) async throws {
        let reason = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw AppError.invalid("reason", "banks.error.reason_required") }
        guard reason.count <= maxNoteLength else {
            throw AppError.invalid("reason", "banks.error.too_long", ["max": String(maxNoteLength)])
        }
        try await app.write { db in
            guard let material = try await BannedMaterial.find(materialID, on: db) else { throw AppError.notFound }
            guard material.revokedAt == nil else { return }
            material.revokedAt = Date()
            material.revokedReason = reason
            try await material.update(on: db)
            try await AuditLog.append(on: db, actor: actor, action: "banned_material.revoke", objectType: "banned_material",
                                      objectID: String(materialID), details: ["reason": reason])
        }
    }

    static let verdicts = ["true_positive", "false_positive"]

    /// An analyst's verdict on a media signal, kept against the banked hash and the bank it came from.
    /// Returns the signal's item, to go back to.
    static func recordFeedback(signalID: Int, verdict: String?, note: String?, actor: AuditActor,
                               app: Application) async throws -> Int {
        guard let verdict, verdicts.contains(verdict) else { throw AppError.invalid("verdict", "banks.error.verdict") }
        let note = (note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard note.count <= maxNoteLength else {
            throw AppError.invalid("note", "banks.error.too_long", ["max": String(maxNoteLength)])
        }
        return try await app.write { db in
            guard let sql = db as? any SQLDatabase else { throw AppError.notFound }
            struct Row: Decodable { var item_id: Int; var kind: String; var details: String }
            guard let row = try await sql.raw("SELECT item_id, kind, details FROM signals WHERE id = \(bind: signalID)")
                .first(decoding: Row.self) else { throw AppError.notFound }
            guard let match = BankSignal.decode(kind: row.kind, details: row.details) else {
                throw AppError.invalid("verdict", "banks.error.not_a_bank_match")
            }
            let court = try await SharedHashes.courtBank(on: db)?.id
            guard let bankID = BankMatching.bankID(ofSource: match.source, courtBankID: court),
                  try await HashBank.find(bankID, on: db) != nil else {
                throw AppError.invalid("verdict", "banks.error.not_a_bank_match")
            }
            let feedback = BankFeedback()
            feedback.bankID = bankID
            feedback.kind = match.kind
            feedback.value = match.banked
            feedback.signalID = signalID
            feedback.verdict = verdict
            feedback.note = note.isEmpty ? nil : note
            feedback.createdBy = actor.id
            feedback.createdAt = Date()
            try await feedback.create(on: db)
            try await AuditLog.append(on: db, actor: actor, action: "hash_bank.feedback", objectType: "signal",
                                      objectID: String(signalID),
                                      details: ["bank_id": String(bankID), "kind": match.kind, "value": match.banked,
                                                "verdict": verdict])
            return row.item_id
        }
    }

    /// A bank's feedback as CSV (`kind,value,verdict,signal_id,note,created_by,created_at`) or JSON.
    static func feedbackExport(_ bankID: Int, json: Bool, on db: any Database) async throws -> String {
        let rows = try await BankFeedback.query(on: db).filter(\.$bankID == bankID).sort(\.$id).all()
        let iso = ISO8601DateFormatter()
        if json {
            let objects: [[String: Any]] = rows.map { row in
                ["bank_id": bankID, "kind": row.kind, "value": row.value, "verdict": row.verdict,
                 "signal_id": row.signalID ?? NSNull(), "note": row.note ?? NSNull(), "created_by": row.createdBy ?? NSNull(),
                 "created_at": iso.string(from: row.createdAt)]
            }
            let data = try JSONSerialization.data(withJSONObject: objects, options: [.sortedKeys, .withoutEscapingSlashes])
            return String(decoding: data, as: UTF8.self) + "\n"
        }
        var out = "kind,value,verdict,signal_id,note,created_by,created_at\n"
        for row in rows {
            out += [row.kind, row.value, row.verdict, row.signalID.map(String.init) ?? "", row.note ?? "",
                    row.createdBy.map(String.init) ?? "", iso.string(from: row.createdAt)].map(csvField).joined(separator: ",") + "\n"
        }
        return out
    }

    /// Quoted when needed; a leading `=`, `+`, `-`, `@` gets a `'` so a spreadsheet does not run a note as a formula.
    static func csvField(_ value: String) -> String {
        var v = value
        if let first = v.first, "=+-@".contains(first) { v = "'" + v }
        guard v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return v }
        return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A media signal's banked hash, as `MediaItemAnalyzer` wrote it in the details.
struct BankSignal: Sendable, Decodable {
    var kind: String
    var banked: String
    var source: String
    var label: String
    var distance: Int

    static func decode(kind: String, details: String) -> BankSignal? {
        guard kind == "pdq" || kind.hasPrefix("exact_") else { return nil }
        return try? JSONDecoder().decode(BankSignal.self, from: Data(details.utf8))
    }
}
