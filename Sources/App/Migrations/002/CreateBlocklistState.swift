import Fluent
import Foundation
import SQLKit

/// The block list's serial: one row, bumped with every block order change.
struct CreateBlocklistState: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("blocklist_state")
            .field("id", .int, .identifier(auto: false))
            .field("serial", .int, .required)
            .field("changed_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("blocklist_state").delete()
    }
}

/// The serial's one row exists from the start, so the first two block orders made at the same
/// time both find a row to increment instead of both trying to create it.
struct SeedBlocklistState: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("""
            INSERT INTO blocklist_state (id, serial, changed_at) VALUES (1, 0, \(bind: Date()))
            ON CONFLICT (id) DO NOTHING
            """).run()
    }

    func revert(on database: any Database) async throws {}
}
