import Detection
import Fluent
import Foundation
import SQLKit

/// The triage queue orders every finding by priority, newest first, and filters by organisation,
/// signal kind and state. Reading the priority out of each item's `triage` signal per request does
/// not scale, so the item carries it (`triage_score` 0…100, `triage_level` 0 none … 3 high), written
/// with its signals; items analysed before this migration get it from their stored `triage` signal.
struct UpdateItemAddTriagePriority: AsyncMigration {
    static let indexes: [(name: String, table: String, columns: String)] = [
        ("idx_items_triage", "items", "triage_level, created_at"),
        ("idx_signals_kind_item", "signals", "kind, item_id"),
        ("idx_signals_organization_item", "signals", "organization_id, item_id"),
        ("idx_signals_material", "signals", "material_id"),
        ("idx_case_evidence_tip", "case_evidence", "tip_id"),
    ]

    func prepare(on database: any Database) async throws {
        try await database.schema("items").field("triage_score", .int).update()
        try await database.schema("items").field("triage_level", .int).update()
        guard let sql = database as? any SQLDatabase else { return }
        for index in Self.indexes {
            try await sql.raw("CREATE INDEX IF NOT EXISTS \(unsafeRaw: index.name) ON \(unsafeRaw: index.table) (\(unsafeRaw: index.columns))")
                .run()
        }
        try await backfill(sql)
    }

    private func backfill(_ sql: any SQLDatabase) async throws {
        struct Row: Decodable {
            var item_id: Int
            var details: String
        }
        struct Stored: Decodable {
            var language: LanguageGuess?
            var priority: TriagePriority
        }
        let rows = try await sql.raw("""
            SELECT item_id, details FROM signals WHERE kind = 'triage' \
            AND item_id IN (SELECT item_id FROM signals WHERE kind <> 'triage')
            """).all(decoding: Row.self)
        let decoder = JSONDecoder()
        for row in rows {
            guard let stored = try? decoder.decode(Stored.self, from: Data(row.details.utf8)) else { continue }
            let language = stored.language.flatMap { $0.isUndetermined ? nil : $0.code }
            try await sql.raw("""
                UPDATE items SET triage_score = \(bind: stored.priority.score), \
                triage_level = \(bind: TriageVerdict.rank(stored.priority.level)), \
                language = COALESCE(language, \(bind: language)) WHERE id = \(bind: row.item_id)
                """).run()
        }
        // Items with media findings only have no text verdict: in the queue at level none.
        try await sql.raw("""
            UPDATE items SET triage_score = 0, triage_level = 0 WHERE triage_level IS NULL \
            AND id IN (SELECT item_id FROM signals WHERE kind <> 'triage')
            """).run()
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            for index in Self.indexes {
                try await sql.raw("DROP INDEX IF EXISTS \(unsafeRaw: index.name)").run()
            }
        }
        try await database.schema("items").deleteField("triage_level").update()
        try await database.schema("items").deleteField("triage_score").update()
    }
}
