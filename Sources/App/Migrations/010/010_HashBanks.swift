import Fluent
import Foundation
import SQLKit

/// Named banks of hashes. The court bank (kind `court`, made here) holds no rows of its own: its
/// entries are the fingerprints of court-banned materials. Imported banks (TCAP-style JSON,
/// GIFCT-style CSV) keep their provenance and the list's paging checkpoint, so a re-import applies
/// only what changed. A negative bank holds known false positives: its entries suppress matches.
struct CreateHashBank: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("hash_banks")
            .field("id", .int, .identifier(auto: true))
            .field("name", .string, .required)
            /// `court`, `imported` or `local`.
            .field("kind", .string, .required)
            .field("provenance", .string, .required)
            /// `tcap`, `gifct`, `csv` or empty.
            .field("format", .string, .required)
            /// Labels, one per line (ideology, list name), as the list gives them.
            .field("labels", .string, .required)
            .field("enabled", .bool, .required)
            .field("negative", .bool, .required)
            .field("pdq_distance", .int, .required)
            .field("checkpoint", .string)
            .field("last_imported_at", .datetime)
            .field("created_by", .int, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime)
            .unique(on: "name")
            .create()
        try await database.schema("bank_entries")
            .field("id", .int, .identifier(auto: true))
            .field("bank_id", .int, .required, .references("hash_banks", "id"))
            /// A registered hash kind: `pdq`, `md5`, `sha256`, `video_pdq`.
            .field("kind", .string, .required)
            .field("value", .string, .required)
            .field("label", .string)
            /// The list's own identifier for the entry (TCAP `id`), for tombstones and updates.
            .field("external_id", .string)
            .field("file_type", .string)
            /// `active` or `deleted` (tombstoned by the list or by a reversed decision).
            .field("status", .string, .required)
            .field("listed_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("deleted_at", .datetime)
            .unique(on: "bank_id", "kind", "value")
            .create()
        try await database.schema("bank_feedback")
            .field("id", .int, .identifier(auto: true))
            .field("bank_id", .int, .required, .references("hash_banks", "id"))
            .field("kind", .string, .required)
            .field("value", .string, .required)
            .field("signal_id", .int, .references("signals", "id"))
            /// `true_positive` or `false_positive`.
            .field("verdict", .string, .required)
            .field("note", .string)
            .field("created_by", .int, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .create()
        // A hash held because it matched too much (`KAIGUUL_FLOOD_MATCHES` items in a day): no
        // signals from it until an analyst releases it.
        try await database.schema("hash_holds")
            .field("id", .int, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("value", .string, .required)
            .field("matches", .int, .required)
            .field("held_at", .datetime, .required)
            .field("released_at", .datetime)
            .field("released_by", .int, .references("users", "id"))
            .create()
        if let sql = database as? any SQLDatabase {
        try await sql.create(index: "bank_entries_value").on("bank_entries").column("value").run()
        try await sql.create(index: "hash_holds_value").on("hash_holds").column("value").run()
        try await sql.create(index: "bank_feedback_value").on("bank_feedback").column("value").run()
        }
        let court = HashBank()
        court.name = "Court-banned materials"
        court.kind = "court"
        court.provenance = "court decisions"
        court.format = ""
        court.labels = ""
        court.enabled = true
        court.negative = false
        court.pdqDistance = 31
        court.createdAt = Date()
        try await court.create(on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("hash_holds").delete()
        try await database.schema("bank_feedback").delete()
        try await database.schema("bank_entries").delete()
        try await database.schema("hash_banks").delete()
    }
}

/// A banned material whose decision a court overturned stays on record but no longer matches and
/// leaves as a tombstone.
struct UpdateBannedMaterialAddRevocation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("banned_materials").field("revoked_at", .datetime).update()
        try await database.schema("banned_materials").field("revoked_reason", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("banned_materials").deleteField("revoked_reason").update()
        try await database.schema("banned_materials").deleteField("revoked_at").update()
    }
}
