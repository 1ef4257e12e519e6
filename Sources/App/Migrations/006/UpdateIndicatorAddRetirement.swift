import Fluent
import SQLKit

/// An indicator is retired, never deleted: signals already written name it, and the list keeps
/// showing it as retired. `updated_at` lets the analysis context see that the registry changed;
/// `search_text` is the folded value, searched the same way on SQLite and PostgreSQL.
struct UpdateIndicatorAddRetirement: AsyncMigration {
    static let columns: [(String, DatabaseSchema.DataType)] = [
        ("retired_at", .datetime), ("updated_at", .datetime), ("search_text", .string),
    ]

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        for (name, type) in Self.columns {
            try await database.schema("indicators").field(.string(name), type).update()
        }
        guard let sql = database as? any SQLDatabase else { return }
        struct Row: Decodable { var id: Int; var value: String }
        for row in try await sql.raw("SELECT id, value FROM indicators").all(decoding: Row.self) {
            try await sql.raw("UPDATE indicators SET search_text = \(bind: Search.fold(row.value)) WHERE id = \(bind: row.id)")
                .run()
        }
    }

    func revert(on database: any Database) async throws {
        for (name, _) in Self.columns {
            try await database.schema("indicators").deleteField(.string(name)).update()
        }
    }
}
