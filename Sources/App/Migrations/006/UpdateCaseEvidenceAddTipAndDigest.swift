import Fluent

/// Evidence can be a tip that led to the case, and every piece carries the SHA-256 it had when it
/// was attached (payload of a capture, content of an item, the file of a document), so the case
/// page and the package show what was relied on even if a later version of the item differs.
struct UpdateCaseEvidenceAddTipAndDigest: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("case_evidence").field("tip_id", .int, .references("tips", "id")).update()
        try await database.schema("case_evidence").field("sha256", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("case_evidence").deleteField("sha256").update()
        try await database.schema("case_evidence").deleteField("tip_id").update()
    }
}
