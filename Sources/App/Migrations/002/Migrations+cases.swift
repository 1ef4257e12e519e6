import Fluent

extension Migrations {
    /// Migrations of the cases area, in order.
    static let cases: [any Migration] = [CreateBlocklistState()]
}

/// The block list's serial: one row, bumped with every block order change.
struct CreateBlocklistState: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("blocklist_state")
            .field("id", .int, .identifier(auto: false))
            .field("serial", .int, .required)
            .field("changed_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("blocklist_state").delete()
    }
}
