import Fluent

/// Who confirmed sharing a distribution: one row per volunteer, never more.
struct CreateDistributionConfirmation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("distribution_confirmations")
            .field("id", .int, .identifier(auto: true))
            .field("distribution_id", .int, .required, .references("distributions", "id"))
            .field("user_id", .int, .required, .references("users", "id"))
            .field("confirmed_at", .datetime, .required)
            .unique(on: "distribution_id", "user_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("distribution_confirmations").delete()
    }
}
