import Fluent

struct CreateAuditLog: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_log")
            .field("id", .int, .identifier(auto: true))
            .field("seq", .int, .required)
            .field("at", .datetime, .required)
            .field("actor_id", .int)
            .field("actor_label", .string, .required)
            .field("action", .string, .required)
            .field("object_type", .string, .required)
            .field("object_id", .string)
            .field("details", .string, .required)
            .field("prev_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "seq")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_log").delete()
    }
}
