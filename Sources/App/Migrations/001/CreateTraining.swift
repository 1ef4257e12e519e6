import Fluent

struct CreateTraining: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("trainings")
            .field("id", .int, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("held_on", .string, .required)
            .field("place", .string, .required)
            .field("topic", .string, .required)
            .field("trainers", .string, .required)
            .field("region_id", .int, .references("regions", "id"))
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("trainings").delete()
    }
}
