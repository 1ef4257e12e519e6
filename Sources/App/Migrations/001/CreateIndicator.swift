import Fluent

struct CreateIndicator: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("indicators")
            .field("id", .int, .identifier(auto: true))
            .field("organization_id", .int, .references("organizations", "id"))
            .field("value", .string, .required)
            .field("language", .string, .required)
            .field("mode", .string, .required)
            .field("weight", .double, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("indicators").delete()
    }
}
