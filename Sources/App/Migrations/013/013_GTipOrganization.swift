import Fluent
import SQLKit

/// A tip may name the banned organisation its sender thinks the material belongs to (issue 19), so
/// triage starts from it. Optional: most senders will not know, and older tips named none.
struct UpdateTipAddOrganization: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("tips").field("organization_id", .int, .references("organizations", "id")).update()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX IF NOT EXISTS ix_tips_organization_id ON tips (organization_id)").run()
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.raw("DROP INDEX IF EXISTS ix_tips_organization_id").run()
        }
        try await database.schema("tips").deleteField("organization_id").update()
    }
}
