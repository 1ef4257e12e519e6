import Fluent
import SQLKit

/// Indexes for the filters and joins the pages use. Plain `CREATE INDEX` runs on both databases.
struct CreateIndexes: AsyncMigration {
    static let indexes: [(name: String, table: String, columns: String)] = [
        ("idx_sources_kind_status", "sources", "kind, status"),
        ("idx_sources_region", "sources", "region_id"),
        ("idx_sources_next_check", "sources", "next_check_at"),
        ("idx_login_attempts_lookup", "login_attempts", "username, address, at"),
        ("idx_captures_source", "captures", "source_id, fetched_at"),
        ("idx_items_source_key", "items", "source_id, item_key"),
        ("idx_signals_item", "signals", "item_id"),
        ("idx_cases_state", "cases", "state"),
        ("idx_case_events_case", "case_events", "case_id, at"),
        ("idx_documents_sha256", "documents", "sha256"),
        ("idx_block_orders_status", "block_orders", "status"),
        ("idx_jobs_due", "jobs", "status, run_at"),
        ("idx_sessions_expires", "sessions", "expires_at"),
    ]

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for index in Self.indexes {
            try await sql.raw("CREATE INDEX \(unsafeRaw: index.name) ON \(unsafeRaw: index.table) (\(unsafeRaw: index.columns))").run()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for index in Self.indexes {
            try await sql.raw("DROP INDEX \(unsafeRaw: index.name)").run()
        }
    }
}
