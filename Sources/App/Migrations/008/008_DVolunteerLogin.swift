import Fluent
import SQLKit

/// A volunteer record may be tied to one volunteer-role login (so the volunteer's home can show the
/// group's materials and the "I shared it" button), and a group speaks one language, so the ready
/// message for its chat is written in it. The `user_id` column exists since 001; what was missing is
/// that one login belongs to at most one volunteer record.
struct UpdateVolunteerAddLoginAndGroupLanguage: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("volunteer_groups").field("language", .string, .required, .sql(.default("ky")))
            .update()
        guard let sql = database as? any SQLDatabase else { return }
        // Several NULLs are allowed by a unique index on both SQLite and PostgreSQL: unlinked records stay free.
        try await sql.create(index: "volunteers_user_id_unique").on("volunteers").column("user_id").unique().run()
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.drop(index: "volunteers_user_id_unique").run()
        }
        try await database.schema("volunteer_groups").deleteField("language").update()
    }
}

/// One-time codes a coordinator hands to a volunteer so the volunteer links their own login to their
/// record. Only the code's SHA-256 is kept; a code is used once and expires.
struct CreateVolunteerInvitation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("volunteer_invitations")
            .field("id", .int, .identifier(auto: true))
            .field("volunteer_id", .int, .required, .references("volunteers", "id"))
            .field("code_sha256", .string, .required)
            .field("created_by", .int, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("used_by", .int, .references("users", "id"))
            .unique(on: "code_sha256")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("volunteer_invitations").delete()
    }
}
