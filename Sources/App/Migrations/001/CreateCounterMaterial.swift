import Fluent

struct CreateCounterMaterial: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("counter_materials")
            .field("id", .int, .identifier(auto: true))
            .field("title", .string, .required)
            .field("kind", .string, .required)
            .field("languages", .string, .required)
            .field("topics", .string, .required)
            .field("url", .string)
            .field("sha256", .string)
            .field("status", .string, .required)
            .field("created_by", .int, .references("users", "id"))
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("counter_materials").delete()
    }
}
