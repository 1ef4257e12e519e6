import Fluent

/// Four eyes and one-time passwords (issue 13): what a second admin still has to approve, who asked
/// for it and when, and until when a password an admin handed out may be used.
struct UpdateUserAddApproval: AsyncMigration {
    static let columns: [(String, DatabaseSchema.DataType)] = [
        ("approval_pending", .string), ("approval_requested_by", .int), ("approval_requested_label", .string),
        ("approval_requested_at", .datetime), ("password_expires_at", .datetime),
    ]

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        for (name, type) in Self.columns {
            try await database.schema("users").field(.string(name), type).update()
        }
    }

    func revert(on database: any Database) async throws {
        for (name, _) in Self.columns {
            try await database.schema("users").deleteField(.string(name)).update()
        }
    }
}
