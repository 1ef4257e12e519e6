import Fluent
import SQLKit

/// Many rows in one `INSERT … VALUES (…), (…) RETURNING` statement, for the crawl's hot path:
/// Fluent's `create` reflects over the model for every row, which cost more than the page it
/// stored. Runs the same on SQLite and PostgreSQL.
enum BatchInsert {
    /// Rows per statement; with some twenty columns this stays far below either database's limit
    /// on bound parameters.
    static let rowsPerStatement = 100

    private struct Returned<Key: Decodable>: Decodable {
        var id: Int
        var key: Key
    }

    /// Inserts `rows` (each the values of `columns`, in that order) and returns each new row's id
    /// under the value it has in `keyColumn`. Neither database promises the order of `RETURNING`
    /// rows, hence the key; it must be unique among `rows`.
    static func insert<Key: Decodable & Hashable & Sendable>(
        into table: String, columns: [String], rows: [[any Encodable & Sendable]], keyColumn: String,
        keyType: Key.Type, on db: any Database
    ) async throws -> [Key: Int] {
        guard let sql = db as? any SQLDatabase else { throw failure("\(table): not an SQL database") }
        var ids: [Key: Int] = [:]
        ids.reserveCapacity(rows.count)
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(rows.count, start + rowsPerStatement)]
            var insert = sql.insert(into: table).columns(columns)
            for row in chunk {
                guard row.count == columns.count else { throw failure("\(table): a row does not match the columns") }
                insert = insert.values(row.map { SQLBind($0) })
            }
            let returned = try await insert
                .returning(SQLColumn("id"), SQLAlias(SQLColumn(keyColumn), as: SQLIdentifier("key")))
                .all(decoding: Returned<Key>.self)
            for row in returned { ids[row.key] = row.id }
            start += chunk.count
        }
        guard ids.count == rows.count else { throw failure("\(table): \(keyColumn) is not unique in the batch") }
        return ids
    }

    /// Inserts `rows` without reading anything back.
    static func insert(into table: String, columns: [String], rows: [[any Encodable & Sendable]],
                       on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { throw failure("\(table): not an SQL database") }
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(rows.count, start + rowsPerStatement)]
            var insert = sql.insert(into: table).columns(columns)
            for row in chunk {
                guard row.count == columns.count else { throw failure("\(table): a row does not match the columns") }
                insert = insert.values(row.map { SQLBind($0) })
            }
            try await insert.run()
            start += chunk.count
        }
    }

    private static func failure(_ text: String) -> AppError {
        AppError(status: .internalServerError, message: "batch insert into " + text, literal: true)
    }
}
