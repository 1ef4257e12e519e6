import Fluent

struct CreateRegion: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("regions")
            .field("id", .int, .identifier(auto: true))
            .field("code", .string, .required)
            .field("name_ky", .string, .required)
            .field("name_ru", .string, .required)
            .field("name_en", .string, .required)
            .field("kind", .string, .required)
            .unique(on: "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("regions").delete()
    }
}
