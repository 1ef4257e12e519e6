import SQLKit
import Testing
import Vapor

@testable import App

@Suite struct SQLiteJournalTests {
    /// Readers must not wait for the worker's writes on the embedded database.
    @Test func theEmbeddedDatabaseRunsWithAWriteAheadLog() async throws {
        try await withApp { app in
            guard app.usesSQLite else { return }
            let sql = try #require(app.db as? any SQLDatabase)
            let row = try #require(try await sql.raw("PRAGMA journal_mode").first())
            #expect(try row.decode(column: "journal_mode", as: String.self) == "wal")
            #expect(FileManager.default.fileExists(atPath: app.kaiguul.sqlitePath.path + "-wal"))
        }
    }
}
