import Fluent
import SQLKit

/// On PostgreSQL, `audit_log` and `audit_checkpoints` refuse UPDATE, DELETE and TRUNCATE, so that
/// a bug or a careless script cannot rewrite them; someone who owns the tables can still disable
/// the triggers, which is why checkpoints are signed and kept outside the database too.
/// `audit_head` stays writable: it is the chain head, moved by every append.
/// SQLite has no owners to tell apart, so nothing is created there.
struct CreateAuditAppendOnlyTriggers: AsyncMigration {
    static let tables = ["audit_log", "audit_checkpoints"]

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await sql.raw(
            """
            CREATE OR REPLACE FUNCTION kaiguul_refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'kaiguul: % on % refused: the audit log is append-only', TG_OP, TG_TABLE_NAME
                    USING ERRCODE = 'insufficient_privilege';
            END
            $$
            """
        ).run()
        for table in Self.tables {
            let rows: String =
                "CREATE TRIGGER \(table)_append_only BEFORE UPDATE OR DELETE ON \(table) "
                + "FOR EACH ROW EXECUTE FUNCTION kaiguul_refuse_audit_change()"
            let truncate: String =
                "CREATE TRIGGER \(table)_no_truncate BEFORE TRUNCATE ON \(table) "
                + "FOR EACH STATEMENT EXECUTE FUNCTION kaiguul_refuse_audit_change()"
            try await sql.raw(SQLQueryString(rows)).run()
            try await sql.raw(SQLQueryString(truncate)).run()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        for table in Self.tables {
            for trigger in ["\(table)_append_only", "\(table)_no_truncate"] {
                let statement: String = "DROP TRIGGER IF EXISTS \(trigger) ON \(table)"
                try await sql.raw(SQLQueryString(statement)).run()
            }
        }
        try await sql.raw("DROP FUNCTION IF EXISTS kaiguul_refuse_audit_change()").run()
    }
}
