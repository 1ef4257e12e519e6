import Fluent

struct CreateGroupMember: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("group_members")
            .field("id", .int, .identifier(auto: true))
            .field("group_id", .int, .required, .references("volunteer_groups", "id"))
            .field("volunteer_id", .int, .required, .references("volunteers", "id"))
            .field("joined_at", .datetime)
            .unique(on: "group_id", "volunteer_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("group_members").delete()
    }
}
