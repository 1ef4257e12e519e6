import Fluent
import SQLKit
import Vapor

extension Application {
    /// Puts the SQLite file in write-ahead-log mode (a property of the file, kept across opens):
    /// pages being read never wait for the worker's writes, and a commit costs one sync of the
    /// log instead of syncs of the journal and the database file.
    ///
    /// Switching needs the file to itself; if another process holds it in the old mode, this one
    /// goes on in that mode and says so, rather than refusing to start.
    func useWriteAheadLog() async {
        guard usesSQLite, let sql = db as? any SQLDatabase else { return }
        do {
            try await sql.raw("PRAGMA journal_mode=WAL").run()
        } catch {
            logger.warning("SQLite stays in its current journal mode: \(error)")
        }
    }
}
