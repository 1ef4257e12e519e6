import Fluent

struct CreateLinkClick: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("link_clicks")
            .field("id", .int, .identifier(auto: true))
            .field("distribution_id", .int, .required, .references("distributions", "id"))
            .field("day", .string, .required)
            .field("count", .int, .required)
            .unique(on: "distribution_id", "day")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("link_clicks").delete()
    }
}
