import Fluent
import SQLKit

/// A capture, item or tip is evidence of one case once: adding the same finding twice (two
/// analysts, a retried form) is a no-op, not a second row. NULLs never collide in a unique index
/// on SQLite or PostgreSQL, so each index binds only the rows of its own kind.
struct CreateCaseEvidenceIndexes: AsyncMigration {
    static let indexes = [
        ("uq_case_evidence_capture", "capture_id"), ("uq_case_evidence_item", "item_id"),
        ("uq_case_evidence_tip", "tip_id"),
    ]

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for (name, column) in Self.indexes {
            try await sql.raw(SQLQueryString("CREATE UNIQUE INDEX IF NOT EXISTS \(name) ON case_evidence (case_id, kind, \(column))"))
                .run()
        }
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_case_evidence_item ON case_evidence (item_id)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_case_evidence_capture ON case_evidence (capture_id)").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for name in Self.indexes.map(\.0) + ["idx_case_evidence_item", "idx_case_evidence_capture"] {
            try await sql.raw(SQLQueryString("DROP INDEX IF EXISTS \(name)")).run()
        }
    }
}
