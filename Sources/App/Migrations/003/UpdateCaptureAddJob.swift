import Fluent
import SQLKit

/// Which job attempt made a capture (so a re-run after a killed worker is told apart from the
/// first), what role the fetch played (page, media, archive) and where its WARC record is.
struct UpdateCaptureAddJob: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        let columns: [(String, DatabaseSchema.DataType)] = [
            ("job_id", .int), ("job_attempt", .int), ("job_seq", .int), ("role", .string), ("content_type", .string),
            ("record_id", .string), ("parent_capture_id", .int),
        ]
        for (name, type) in columns {
            try await database.schema("captures").field(.string(name), type).update()
        }
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX idx_captures_job ON captures (job_id, job_attempt)").run()
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase { try await sql.raw("DROP INDEX idx_captures_job").run() }
        for field in ["job_id", "job_attempt", "job_seq", "role", "content_type", "record_id", "parent_capture_id"] {
            try await database.schema("captures").deleteField(.string(field)).update()
        }
    }
}
