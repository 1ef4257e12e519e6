import Fluent

struct CreateReachabilityCheck: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("reachability_checks")
            .field("id", .int, .identifier(auto: true))
            .field("block_order_id", .int, .required, .references("block_orders", "id"))
            .field("checked_at", .datetime, .required)
            .field("resolver", .string, .required)
            .field("dns_result", .string, .required)
            .field("http_status", .int)
            .field("reachable", .bool, .required)
            .field("details", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reachability_checks").delete()
    }
}
