import Fluent
import SQLKit
import Vapor

extension Application {
    /// Puts the SQLite file in write-ahead-log mode (a property of the file, kept across opens):
    /// pages being read never wait for the worker's writes, and a commit costs one sync of the
    /// log instead of syncs of the journal and the database file.
    func useWriteAheadLog() async throws {
        guard usesSQLite, let sql = db as? any SQLDatabase else { return }
        try await sql.raw("PRAGMA journal_mode=WAL").run()
    }
}
