import Fluent

struct CreateSignal: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("signals")
            .field("id", .int, .identifier(auto: true))
            .field("item_id", .int, .required, .references("items", "id"))
            .field("kind", .string, .required)
            .field("score", .double, .required)
            .field("organization_id", .int, .references("organizations", "id"))
            .field("material_id", .int, .references("banned_materials", "id"))
            .field("details", .string, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("signals").delete()
    }
}
