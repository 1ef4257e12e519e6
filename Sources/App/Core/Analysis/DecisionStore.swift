import Detection
import Fluent
import Foundation
import SQLKit
import Vapor

/// Analysts' decisions on findings, kept as training labels. One label per item version; a new
/// decision replaces the old one, and both are in the audit log.
enum DecisionStore {
    static func record(itemID: Int, label: TriageLabel, actor: AuditActor, app: Application) async throws {
        try await app.write { db in
            try await record(itemID: itemID, label: label, actor: actor, on: db)
        }
    }

    /// Writes the label and its audit row inside the caller's transaction (a triage dismissal).
    static func record(itemID: Int, label: TriageLabel, actor: AuditActor, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        struct N: Decodable { var n: Int }
        let exists = try await sql.raw("SELECT COUNT(*) AS n FROM items WHERE id = \(bind: itemID)").first(decoding: N.self)?.n ?? 0
        guard exists > 0 else { throw AppError.notFound }
        try await sql.raw("DELETE FROM item_labels WHERE item_id = \(bind: itemID)").run()
        try await sql.raw("""
            INSERT INTO item_labels (item_id, label, decided_by, decided_at)
            VALUES (\(bind: itemID), \(bind: label.rawValue), \(bind: actor.id), \(bind: Date()))
            """).run()
        try await AuditLog.append(on: db, actor: actor, action: "item.decision", objectType: "item",
                                  objectID: String(itemID), details: ["label": label.rawValue])
    }

    /// The labelled texts, for training.
    static func samples(on db: any Database, limit: Int = 1_000_000) async throws -> [(text: String, label: String)] {
        guard let sql = db as? any SQLDatabase else { return [] }
        struct Row: Decodable { var text: String; var label: String }
        return try await sql.raw("""
            SELECT i.text AS text, l.label AS label FROM item_labels l JOIN items i ON i.id = l.item_id \
            ORDER BY l.id LIMIT \(bind: limit)
            """).all(decoding: Row.self).map { ($0.text, $0.label) }
    }
}
