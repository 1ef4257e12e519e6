import Fluent

struct CreateBlockOrder: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("block_orders")
            .field("id", .int, .identifier(auto: true))
            .field("case_id", .int, .required, .references("cases", "id"))
            .field("court_decision_id", .int, .required, .references("court_decisions", "id"))
            .field("target", .string, .required)
            .field("target_kind", .string, .required)
            .field("status", .string, .required)
            .field("issued_at", .datetime, .required)
            .field("lifted_at", .datetime)
            .field("lifted_by_decision_id", .int, .references("court_decisions", "id"))
            .field("created_by", .int, .references("users", "id"))
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("block_orders").delete()
    }
}
