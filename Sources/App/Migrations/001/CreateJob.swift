import Fluent

struct CreateJob: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("jobs")
            .field("id", .int, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("payload", .string, .required)
            .field("run_at", .datetime, .required)
            .field("status", .string, .required)
            .field("locked_by", .string)
            .field("locked_until", .datetime)
            .field("attempts", .int, .required)
            .field("last_error", .string)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("jobs").delete()
    }
}
