import Fluent

struct CreateDistribution: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("distributions")
            .field("id", .int, .identifier(auto: true))
            .field("material_id", .int, .required, .references("counter_materials", "id"))
            .field("group_id", .int, .references("volunteer_groups", "id"))
            .field("channel", .string)
            .field("distributed_on", .string, .required)
            .field("recorded_by", .int, .references("users", "id"))
            .field("code", .string, .required)
            .field("confirmed_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("distributions").delete()
    }
}
