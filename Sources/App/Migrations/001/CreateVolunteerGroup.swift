import Fluent

struct CreateVolunteerGroup: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("volunteer_groups")
            .field("id", .int, .identifier(auto: true))
            .field("name", .string, .required)
            .field("region_id", .int, .references("regions", "id"))
            .field("messenger", .string, .required)
            .field("coordinator_id", .int, .references("users", "id"))
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("volunteer_groups").delete()
    }
}
