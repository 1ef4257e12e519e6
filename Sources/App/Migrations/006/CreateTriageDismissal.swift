import Fluent

/// A finding (an item or a tip) an analyst took out of the triage queue, with the reason. Kept, not
/// deleted: the audit log and the classifier's training labels both rest on it.
struct CreateTriageDismissal: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("triage_dismissals")
            .field("id", .int, .identifier(auto: true))
            .field("item_id", .int, .references("items", "id"))
            .field("tip_id", .int, .references("tips", "id"))
            .field("reason", .string, .required)
            .field("note", .string, .required)
            .field("dismissed_by", .int, .references("users", "id"))
            .field("dismissed_at", .datetime, .required)
            .unique(on: "item_id")
            .unique(on: "tip_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("triage_dismissals").delete()
    }
}
