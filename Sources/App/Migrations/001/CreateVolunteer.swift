import Fluent

struct CreateVolunteer: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("volunteers")
            .field("id", .int, .identifier(auto: true))
            .field("name", .string, .required)
            .field("region_id", .int, .references("regions", "id"))
            .field("district", .string, .required)
            .field("age_band", .string, .required)
            .field("contact", .string, .required)
            .field("user_id", .int, .references("users", "id"))
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("volunteers").delete()
    }
}
