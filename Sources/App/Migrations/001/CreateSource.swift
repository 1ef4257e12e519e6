import Fluent

struct CreateSource: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sources")
            .field("id", .int, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("address", .string, .required)
            .field("identity", .string, .required)
            .field("title", .string, .required)
            .field("region_id", .int, .references("regions", "id"))
            .field("organization_id", .int, .references("organizations", "id"))
            .field("check_interval_minutes", .int, .required)
            .field("status", .string, .required)
            .field("found_by", .string, .required)
            .field("discovered_from_id", .int, .references("sources", "id"))
            .field("notes", .string, .required)
            .field("search_text", .string, .required)
            .field("last_checked_at", .datetime)
            .field("next_check_at", .datetime)
            .field("created_by", .int, .references("users", "id"))
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "identity")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sources").delete()
    }
}
