import Fluent
import Foundation
import SQLKit

/// The symbols and logos of banned organisations in the knowledge base. The image is kept once in
/// the blob store (by SHA-256); its PDQ hash is also an entry of the `Knowledge base symbols` bank
/// made here, so the matcher that reads every enabled bank finds a symbol in a captured image.
struct CreateMKnowledgeSymbols: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("knowledge_symbols")
            .field("id", .int, .identifier(auto: true))
            .field("organization_id", .int, .required, .references("organizations", "id"))
            .field("sha256", .string, .required)
            /// What the first bytes said the upload was (`image/png`, `image/jpeg`, …).
            .field("media_type", .string, .required)
            .field("width", .int, .required)
            .field("height", .int, .required)
            .field("caption_ky", .string, .required)
            .field("caption_ru", .string, .required)
            .field("caption_en", .string, .required)
            /// Whether the public guide may show it; a non-public symbol is for staff only.
            .field("public", .bool, .required)
            .field("pdq", .string, .required)
            .field("pdq_quality", .int, .required)
            /// The media-bank row this symbol made.
            .field("bank_entry_id", .int, .references("bank_entries", "id"))
            .field("created_by", .int, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .unique(on: "organization_id", "sha256")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "ix_knowledge_symbols_sha256").on("knowledge_symbols").column("sha256").run()
        }
        _ = try await KnowledgeSymbolBank.ensure(on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("knowledge_symbols").delete()
    }
}
