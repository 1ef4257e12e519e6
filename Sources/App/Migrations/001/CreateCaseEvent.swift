import Fluent

struct CreateCaseEvent: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("case_events")
            .field("id", .int, .identifier(auto: true))
            .field("case_id", .int, .required, .references("cases", "id"))
            .field("actor_id", .int, .references("users", "id"))
            .field("at", .datetime, .required)
            .field("action", .string, .required)
            .field("from_state", .string)
            .field("to_state", .string)
            .field("grounds", .string, .required)
            .field("document_id", .int, .references("documents", "id"))
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("case_events").delete()
    }
}
