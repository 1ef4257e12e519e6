import Fluent
import SQLKit

/// The knowledge base of banned organisations: one row per version of an organisation's entry.
/// A version is written as a draft, submitted, then approved or rejected by a legal officer; its
/// content is never edited after submission (a change is a new version), only its decision is
/// recorded. Lists (sources, chosen ids, public-safe fields) are JSON arrays stored as text.
struct CreateKKnowledgeEntries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("knowledge_entries")
            .field("id", .int, .identifier(auto: true))
            .field("organization_id", .int, .required, .references("organizations", "id"))
            .field("version", .int, .required)
            /// draft | submitted | approved | rejected | superseded
            .field("status", .string, .required)
            .field("ideology_ky", .sql(.text), .required)
            .field("ideology_ru", .sql(.text), .required)
            .field("ideology_en", .sql(.text), .required)
            .field("recruitment_ky", .sql(.text), .required)
            .field("recruitment_ru", .sql(.text), .required)
            .field("recruitment_en", .sql(.text), .required)
            .field("recognition_ky", .sql(.text), .required)
            .field("recognition_ru", .sql(.text), .required)
            .field("recognition_en", .sql(.text), .required)
            /// JSON array of {"title": …, "url": …}.
            .field("public_sources", .sql(.text), .required)
            /// JSON arrays of ids: counter_materials, indicators (the phrases the guide may quote), knowledge_symbols.
            .field("counter_material_ids", .sql(.text), .required)
            .field("example_indicator_ids", .sql(.text), .required)
            .field("symbol_ids", .sql(.text), .required)
            /// JSON array of the field names marked public-safe (`KnowledgeField`).
            .field("public_fields", .sql(.text), .required)
            /// Never public, never on the volunteers' view.
            .field("internal_notes", .sql(.text), .required)
            .field("created_by", .int, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .field("submitted_by", .int, .references("users", "id"))
            .field("submitted_at", .datetime)
            .field("decided_by", .int, .references("users", "id"))
            .field("decided_at", .datetime)
            .field("decision_note", .sql(.text), .required)
            .unique(on: "organization_id", "version", name: "uq_knowledge_entries_organization_id_version")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        // At most one approved version per organisation, held by the database as well as by the store:
        // two legal officers approving at once cannot leave two "current" versions.
        try await sql.raw("""
            CREATE UNIQUE INDEX ix_knowledge_entries_organization_id_approved
            ON knowledge_entries (organization_id) WHERE status = 'approved'
            """).run()
        try await sql.create(index: "ix_knowledge_entries_status").on("knowledge_entries").column("status").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("knowledge_entries").delete()
    }
}
