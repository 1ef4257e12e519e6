import Fluent
import SQLKit

/// A person's request to have their data erased, and a staff member's request for a list of
/// volunteers with their contacts, each waiting for a second person's decision.
struct CreateCErasureAndExports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // No foreign key to users: a login may be disabled or renamed, the request stays as it was.
        try await database.schema("erasure_requests")
            .field("id", .int, .identifier(auto: true))
            .field("volunteer_id", .int, .required, .references("volunteers", "id"))
            .field("requested_by", .int)
            .field("requested_at", .datetime, .required)
            .field("data_key", .string)
            .field("reason", .sql(.text), .required)
            .field("state", .string, .required)
            .field("decided_by", .int)
            .field("decided_at", .datetime)
            .field("note", .sql(.text), .required)
            .create()
        try await database.schema("volunteer_exports")
            .field("id", .int, .identifier(auto: true))
            .field("requested_by", .int, .required)
            .field("requested_at", .datetime, .required)
            .field("reason", .sql(.text), .required)
            .field("state", .string, .required)
            .field("decided_by", .int)
            .field("decided_at", .datetime)
            .field("downloaded_at", .datetime)
            .field("rows", .int)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX IF NOT EXISTS ix_erasure_requests_state ON erasure_requests (state, volunteer_id)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS ix_volunteer_exports_state ON volunteer_exports (state)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("volunteer_exports").delete()
        try await database.schema("erasure_requests").delete()
    }
}
