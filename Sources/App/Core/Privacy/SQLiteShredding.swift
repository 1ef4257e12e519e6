import Fluent
import SQLKit

/// SQLite keeps deleted and overwritten values in free space of its pages, and the old pages in the
/// write-ahead log until a checkpoint: an erased name could still be read from the file with a hex
/// editor. `secure_delete` makes the connection zero what it frees; the checkpoint moves the log's
/// pages into the file and truncates the log. PostgreSQL needs neither for a dump (which shows only
/// live rows); its dead rows go at the next vacuum.
enum SQLiteShredding {
    static func isSQLite(_ db: any Database) -> Bool {
        (db as? any SQLDatabase)?.dialect.name == "sqlite"
    }

    /// Call first inside the transaction that overwrites or erases people's data.
    static func zeroFreedSpace(on db: any Database) async throws {
        guard isSQLite(db), let sql = db as? any SQLDatabase else { return }
        try await sql.raw("PRAGMA secure_delete = ON").run()
    }

    /// Call after that transaction has committed. Best effort: a reader holding an old snapshot
    /// keeps the log from being truncated; the next checkpoint does it.
    static func checkpoint(on db: any Database) async {
        guard isSQLite(db), let sql = db as? any SQLDatabase else { return }
        try? await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
    }
}
