import Fluent

struct CreateBannedMaterial: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("banned_materials")
            .field("id", .int, .identifier(auto: true))
            .field("organization_id", .int, .references("organizations", "id"))
            .field("title", .string, .required)
            .field("kind", .string, .required)
            .field("court", .string, .required)
            .field("decision_number", .string, .required)
            .field("decision_date", .string)
            .field("text", .string)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("banned_materials").delete()
    }
}
