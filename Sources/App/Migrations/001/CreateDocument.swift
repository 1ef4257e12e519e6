import Fluent

struct CreateDocument: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("documents")
            .field("id", .int, .identifier(auto: true))
            .field("sha256", .string, .required)
            .field("size", .int, .required)
            .field("filename", .string, .required)
            .field("content_type", .string, .required)
            .field("kind", .string, .required)
            .field("case_id", .int, .references("cases", "id"))
            .field("uploaded_by", .int, .references("users", "id"))
            .field("uploaded_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("documents").delete()
    }
}
