import Fluent
import SQLKit

/// What the case page's custody section reads (`CustodyTrail`): audit rows by the evidence they
/// name, the media captures of a case's pages, a case's documents. With 600,000 audit rows and
/// 200,000 captures a case's custody takes 1-5 ms on SQLite and 2 ms on PostgreSQL; without the
/// audit index SQLite took 4.6 s.
struct CreateCustodyIndexes: AsyncMigration {
    static let indexes: [(name: String, table: String, columns: String)] = [
        ("idx_audit_log_object", "audit_log", "object_type, object_id"),
        ("idx_captures_parent", "captures", "parent_capture_id"),
        ("idx_documents_case", "documents", "case_id"),
    ]

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for index in Self.indexes {
            try await sql.raw(
                "CREATE INDEX IF NOT EXISTS \(unsafeRaw: index.name) ON \(unsafeRaw: index.table) (\(unsafeRaw: index.columns))"
            ).run()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for index in Self.indexes {
            try await sql.raw("DROP INDEX IF EXISTS \(unsafeRaw: index.name)").run()
        }
    }
}
