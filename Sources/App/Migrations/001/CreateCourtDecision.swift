import Fluent

struct CreateCourtDecision: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("court_decisions")
            .field("id", .int, .identifier(auto: true))
            .field("case_id", .int, .references("cases", "id"))
            .field("court", .string, .required)
            .field("number", .string, .required)
            .field("decided_on", .string, .required)
            .field("outcome", .string, .required)
            .field("targets", .string, .required)
            .field("document_id", .int, .required, .references("documents", "id"))
            .field("reverses_id", .int, .references("court_decisions", "id"))
            .field("recorded_by", .int, .references("users", "id"))
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("court_decisions").delete()
    }
}
