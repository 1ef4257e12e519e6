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
        var ids: [Key: Int] = [:]
        ids.reserveCapacity(rows.count)
        for insert in try statements(into: table, columns: columns, rows: rows, on: db) {
            let returned = try await insert
                .returning(SQLColumn("id"), SQLAlias(SQLColumn(keyColumn), as: SQLIdentifier("key")))
                .all(decoding: Returned<Key>.self)
            for row in returned { ids[row.key] = row.id }
        }
        guard ids.count == rows.count else { throw failure("\(table): \(keyColumn) is not unique in the batch") }
        return ids
    }

    /// Inserts `rows` without reading anything back.
    static func insert(into table: String, columns: [String], rows: [[any Encodable & Sendable]],
                       on db: any Database) async throws {
        for insert in try statements(into: table, columns: columns, rows: rows, on: db) {
            try await insert.run()
        }
    }

    /// One `INSERT` per `rowsPerStatement` rows.
    private static func statements(into table: String, columns: [String], rows: [[any Encodable & Sendable]],
                                   on db: any Database) throws -> [SQLInsertBuilder] {
        guard let sql = db as? any SQLDatabase else { throw failure("\(table): not an SQL database") }
        return try stride(from: 0, to: rows.count, by: rowsPerStatement).map { start in
            var insert = sql.insert(into: table).columns(columns)
            for row in rows[start..<min(rows.count, start + rowsPerStatement)] {
                guard row.count == columns.count else { throw failure("\(table): a row does not match the columns") }
                insert = insert.values(row.map { SQLBind($0) })
            }
            return insert
        }
    }

    private static func failure(_ text: String) -> AppError {
        AppError(status: .internalServerError, message: "batch insert into " + text, literal: true)
    }
}
