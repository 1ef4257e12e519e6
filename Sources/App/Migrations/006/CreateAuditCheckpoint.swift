import Fluent

/// Signed checkpoints of the audit chain's head (issue 12).
struct CreateAuditCheckpoint: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_checkpoints")
            .field("id", .int, .identifier(auto: true))
            .field("seq", .int, .required)
            .field("head_hash", .string, .required)
            .field("row_count", .int, .required)
            .field("created_at", .datetime, .required)
            .field("key_fingerprint", .string, .required)
            .field("signature", .string, .required)
            .field("timestamps", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_checkpoints").delete()
    }
}
