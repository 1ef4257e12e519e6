import Fluent

struct CreateMaterialFingerprint: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("material_fingerprints")
            .field("id", .int, .identifier(auto: true))
            .field("material_id", .int, .required, .references("banned_materials", "id"))
            .field("kind", .string, .required)
            .field("value", .string, .required)
            .field("quality", .int)
            .field("label", .string)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("material_fingerprints").delete()
    }
}
