import Foundation
import SQLKit
import Vapor

/// Whether the SQLite file existed before `configure` opened it (opening creates it).
struct SQLiteFileExistedKey: StorageKey {
    typealias Value = Bool
}

extension Application {
    /// Commands that read the programme's data (exports, reports, checks) refuse a database that was
    /// never created: an empty one would answer with an empty block list or report as if that were
    /// true, and a mistyped KAIGUUL_DATA_DIR or DATABASE_URL would go unnoticed. A database that exists
    /// is brought up to date, as every command does.
    func requireExistingDatabase() async throws {
        guard try await hasKaiguulTables() else {
            let place: String
            if usesSQLite {
                place = kaiguul.sqlitePath.path
                if storage[SQLiteFileExistedKey.self] == false { removeCreatedSQLiteFiles() }
            } else {
                place = "DATABASE_URL"
            }
            throw CommandFailure("no Kaiguul database at \(place): nothing was read. Point KAIGUUL_DATA_DIR or "
                + "DATABASE_URL at the programme's database, or create a new one with `kaiguul migrate`.")
        }
        try await autoMigrate()
    }

    /// True when Fluent's migration table exists: the database has been set up by Kaiguul.
    func hasKaiguulTables() async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { return false }
        let query: SQLQueryString = usesSQLite
            ? "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '_fluent_migrations'"
            : "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '_fluent_migrations'"
        let row = try await sql.raw(query).first()
        return (try row?.decode(column: "n", as: Int.self) ?? 0) > 0
    }

    /// Opening the database created an empty file; a refused command leaves nothing behind.
    private func removeCreatedSQLiteFiles() {
        let path = kaiguul.sqlitePath.path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
