import Fluent

struct CreateCase: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("cases")
            .field("id", .int, .identifier(auto: true))
            .field("title", .string, .required)
            .field("target", .string, .required)
            .field("target_kind", .string, .required)
            .field("platform", .string)
            .field("region_id", .int, .references("regions", "id"))
            .field("organization_id", .int, .references("organizations", "id"))
            .field("state", .string, .required)
            .field("assignee_id", .int, .references("users", "id"))
            .field("expert_id", .int, .references("users", "id"))
            .field("parent_case_id", .int, .references("cases", "id"))
            .field("version", .int, .required)
            .field("created_by", .int, .references("users", "id"))
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("cases").delete()
    }
}
