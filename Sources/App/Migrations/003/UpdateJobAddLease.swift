import Fluent
import SQLKit

/// What a job is about (`source:42`), so the scheduler never queues a second check of one source
/// while the first is queued or running: a partial unique index says so on both databases.
struct UpdateJobAddLease: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        try await database.schema("jobs").field("dedupe_key", .string).update()
        try await database.schema("jobs").field("started_at", .datetime).update()
        try await database.schema("jobs").field("finished_at", .datetime).update()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("""
            CREATE UNIQUE INDEX idx_jobs_dedupe_active ON jobs (kind, dedupe_key)
            WHERE status IN ('queued', 'running')
            """).run()
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.raw("DROP INDEX idx_jobs_dedupe_active").run()
        }
        for field in ["dedupe_key", "started_at", "finished_at"] {
            try await database.schema("jobs").deleteField(.string(field)).update()
        }
    }
}
