import Fluent
import SQLKit

/// An item's version exists once: two stores of the same check can never both land.
struct CreateItemVersionIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE UNIQUE INDEX IF NOT EXISTS uq_items_source_key_version ON items (source_id, item_key, version)")
            .run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX IF EXISTS uq_items_source_key_version").run()
    }
}
