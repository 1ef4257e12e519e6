import Fluent

struct CreateTip: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("tips")
            .field("id", .int, .identifier(auto: true))
            .field("urls", .string, .required)
            .field("platform", .string)
            .field("comment", .string, .required)
            .field("contact", .string)
            .field("submitted_by", .int, .references("users", "id"))
            .field("status", .string, .required)
            .field("source_id", .int, .references("sources", "id"))
            .field("case_id", .int, .references("cases", "id"))
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("tips").delete()
    }
}
