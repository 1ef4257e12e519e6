import Fluent
import SQLKit

/// Sources found in captured content. Nothing is watched until an analyst accepts one.
struct CreateCandidateSource: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("candidate_sources")
            .field("id", .int, .identifier(auto: true))
            .field("kind", .string, .required)
            /// The registry spelling (`SourceAddress.identity`), unique: one candidate per thing.
            .field("identity", .string, .required)
            .field("address", .string, .required)
            .field("found_at", .string, .required)
            .field("discovered_from_id", .int, .references("sources", "id"))
            .field("item_id", .int, .references("items", "id"))
            .field("status", .string, .required)
            .field("seen_count", .int, .required)
            .field("first_seen_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("decided_by", .int, .references("users", "id"))
            .field("decided_at", .datetime)
            .field("source_id", .int, .references("sources", "id"))
            .unique(on: "identity")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX idx_candidate_sources_status ON candidate_sources (status, last_seen_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("candidate_sources").delete()
    }
}
