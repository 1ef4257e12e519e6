import Fluent

/// An analyst's decision on a finding — propaganda, reporting about it, or unrelated — kept as a
/// label the classifier learns from (`kaiguul classifier train --from-decisions`).
struct CreateItemLabel: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("item_labels")
            .field("id", .int, .identifier(auto: true))
            .field("item_id", .int, .required, .references("items", "id"))
            .field("label", .string, .required)
            .field("decided_by", .int, .references("users", "id"))
            .field("decided_at", .datetime, .required)
            .unique(on: "item_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("item_labels").delete()
    }
}
