import Fluent

struct CreateOrganization: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("organizations")
            .field("id", .int, .identifier(auto: true))
            .field("name_ky", .string, .required)
            .field("name_ru", .string, .required)
            .field("name_en", .string, .required)
            .field("aliases", .string, .required)
            .field("designation", .string, .required)
            .field("court", .string, .required)
            .field("decision_number", .string, .required)
            .field("decision_date", .string)
            .field("status", .string, .required)
            .field("notes", .string, .required)
            .field("search_text", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("organizations").delete()
    }
}
