import Fluent
import KaiguulCore
import SQLKit

/// What the pages need at national size (issue 18): indexes for the report's and dashboard's grouped
/// figures (cases by creation, case events by stage and time, distributions by day), the block-list and
/// verification look-ups (latest check per order), and the case page's orders. Plain
/// `CREATE INDEX IF NOT EXISTS`, the same on SQLite and PostgreSQL.
///
/// It also classifies, once, every case whose `counted_as` is empty: `CaseSearchText` fills it on each
/// save, but rows written around Fluent (a bulk load) lack it, and the figures would then classify each
/// such case again on every view.
struct CreateQScaleIndexes: AsyncMigration {
    static let indexes: [(name: String, table: String, columns: String)] = [
        ("ix_cases_created_at", "cases", "created_at"),
        ("ix_case_events_action_at", "case_events", "action, at"),
        ("ix_distributions_distributed_on", "distributions", "distributed_on, material_id, group_id"),
        ("ix_reachability_checks_block_order_id", "reachability_checks", "block_order_id, id"),
        ("ix_block_orders_case_id", "block_orders", "case_id"),
        ("ix_trainings_held_on", "trainings", "held_on"),
    ]

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for index in Self.indexes {
            try await sql.raw(SQLQueryString(
                "CREATE INDEX IF NOT EXISTS \(index.name) ON \(index.table) (\(index.columns))")).run()
        }
        try await Self.classifyCases(on: sql)
    }

    /// In batches by id, one UPDATE per kind and batch, so a bulk-loaded year is done in seconds.
    static func classifyCases(on sql: any SQLDatabase) async throws {
        struct Row: Decodable { var id: Int; var target: String }
        var after = 0
        while true {
            let rows = try await sql.raw("""
                SELECT id, target FROM cases WHERE counted_as IS NULL AND id > \(bind: after) ORDER BY id LIMIT 1000
                """).all(decoding: Row.self)
            guard let last = rows.last else { break }
            var ids: [SiteOrAccount: [Int]] = [:]
            for row in rows { ids[SiteOrAccount.of(target: row.target), default: []].append(row.id) }
            for (kind, list) in ids {
                try await sql.update("cases").set("counted_as", to: kind.rawValue).where("id", .in, list).run()
            }
            after = last.id
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for index in Self.indexes {
            try await sql.raw(SQLQueryString("DROP INDEX IF EXISTS \(index.name)")).run()
        }
    }
}
