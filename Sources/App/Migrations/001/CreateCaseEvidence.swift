import Fluent

struct CreateCaseEvidence: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("case_evidence")
            .field("id", .int, .identifier(auto: true))
            .field("case_id", .int, .required, .references("cases", "id"))
            .field("kind", .string, .required)
            .field("url", .string)
            .field("note", .string, .required)
            .field("document_id", .int, .references("documents", "id"))
            .field("capture_id", .int, .references("captures", "id"))
            .field("item_id", .int, .references("items", "id"))
            .field("added_by", .int, .references("users", "id"))
            .field("added_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("case_evidence").delete()
    }
}
