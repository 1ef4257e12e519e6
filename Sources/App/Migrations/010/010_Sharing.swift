import Fluent
import SQLKit

/// Partners: the state bodies, NGOs and international organisations Kaiguul shares with. A partner
/// account (role `partner`) belongs to one; what reaches it is decided by sharing rules, never by
/// the account alone.
struct CreatePartner: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("partners")
            .field("id", .int, .identifier(auto: true))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("contact", .string)
            .field("created_by", .int, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .field("disabled_at", .datetime)
            .unique(on: "name")
            .create()
        // An added column carries no foreign key: SQLite cannot add one to an existing table.
        try await database.schema("users").field("partner_id", .int).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").deleteField("partner_id").update()
        try await database.schema("partners").delete()
    }
}

/// What may leave, to whom, at which TLP level. One rule is one TAXII collection for its partner
/// (`collection_id`, a UUID), one MISP feed and one hash list. Rules are revoked, never deleted,
/// so what was shared when stays readable.
struct CreateSharingRule: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sharing_rules")
            .field("id", .int, .identifier(auto: true))
            .field("partner_id", .int, .required, .references("partners", "id"))
            .field("subject_kind", .string, .required)
            .field("subject_id", .int, .required)
            .field("tlp", .string, .required)
            .field("collection_id", .string, .required)
            .field("title", .string, .required)
            .field("note", .string)
            .field("created_by", .int, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .field("revoked_by", .int, .references("users", "id"))
            .unique(on: "collection_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sharing_rules").delete()
    }
}

/// Every version of every STIX object Kaiguul has published, in the order it was published: the
/// TAXII server pages over `id` and `date_added`, `versions` lists one object's rows. A row is
/// written once and never changed; a lifted block is a new, revoked version. The subject columns
/// say which sharing rules reach the object.
struct CreateExchangeObject: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("exchange_objects")
            .field("id", .int, .identifier(auto: true))
            .field("stix_id", .string, .required)
            .field("stix_type", .string, .required)
            /// The STIX `modified` (or `created`) timestamp of this version, as written in the JSON.
            .field("modified", .string, .required)
            .field("date_added", .datetime, .required)
            .field("revoked", .bool, .required)
            /// `block_order:5`, `organization:3`, `case:7`, `bank_entry:12`, `material_fingerprint:9`, ...
            .field("subject_key", .string, .required)
            .field("organization_id", .int)
            .field("case_id", .int)
            .field("bank_id", .int)
            .field("content_sha256", .string, .required)
            .field("json", .string, .required)
            .unique(on: "stix_id", "modified")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "exchange_objects_date_added").on("exchange_objects").column("date_added").run()
        try await sql.create(index: "exchange_objects_subject").on("exchange_objects").column("subject_key").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("exchange_objects").delete()
    }
}

/// A court decision's appeal state travels with every object that rests on it (`AppealState`).
/// Older decisions had none recorded: `appealable` is what the record can honestly say.
struct UpdateCourtDecisionAddAppealState: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("court_decisions")
            .field("appeal_state", .string, .required, .sql(.default(SQLLiteral.string("appealable"))))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("court_decisions").deleteField("appeal_state").update()
    }
}
