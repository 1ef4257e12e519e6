import Fluent

struct CreateItem: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("items")
            .field("id", .int, .identifier(auto: true))
            .field("source_id", .int, .required, .references("sources", "id"))
            .field("capture_id", .int, .references("captures", "id"))
            .field("item_key", .string, .required)
            .field("platform_id", .string)
            .field("permalink", .string)
            .field("author_handle", .string)
            .field("published_at", .datetime)
            .field("text", .string, .required)
            .field("language", .string)
            .field("media", .string, .required)
            .field("version", .int, .required)
            .field("gone_at", .datetime)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("items").delete()
    }
}
