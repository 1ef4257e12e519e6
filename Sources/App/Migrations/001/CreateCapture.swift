import Fluent

struct CreateCapture: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("captures")
            .field("id", .int, .identifier(auto: true))
            .field("source_id", .int, .references("sources", "id"))
            .field("url", .string, .required)
            .field("fetched_at", .datetime, .required)
            .field("http_status", .int)
            .field("collector", .string, .required)
            .field("ip", .string)
            .field("warc_file", .string)
            .field("warc_offset", .int)
            .field("warc_length", .int)
            .field("payload_sha256", .string)
            .field("truncated", .string)
            .field("error", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("captures").delete()
    }
}
