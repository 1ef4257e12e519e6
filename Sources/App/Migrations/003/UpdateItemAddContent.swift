import Fluent

/// The title and the SHA-256 of title + text: change detection compares the hash, and the item
/// page shows it. `details` keeps what the adapter read beyond text (views, forwarded-from, preview).
struct UpdateItemAddContent: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        for name in ["title", "content_sha256", "details"] {
            try await database.schema("items").field(.string(name), .string).update()
        }
    }

    func revert(on database: any Database) async throws {
        for name in ["title", "content_sha256", "details"] {
            try await database.schema("items").deleteField(.string(name)).update()
        }
    }
}
