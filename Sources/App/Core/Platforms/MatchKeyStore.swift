import Fluent
import KaiguulCore
import SQLKit
import Vapor

/// Finds the sources and cases a tip, an item or a target is about, by `MatchKey`: a tip about
/// `https://t.me/s/name/15` meets the source `telegram:name` and the case whose target is
/// `https://t.me/name`.
///
/// Stored spellings (source identities, case targets) are not keys, so rows are first narrowed in SQL
/// by text every spelling of the key contains, then compared by key here.
enum MatchKeyStore {
    /// The sources whose identity has one of `keys`, ids ascending per key.
    static func sources(matching keys: [MatchKey], on db: any Database) async throws -> [MatchKey: [Int]] {
        try await rows(of: "sources", column: "identity", matching: keys, on: db)
    }

    /// The cases whose target has one of `keys`, ids ascending per key.
    static func cases(matching keys: [MatchKey], on db: any Database) async throws -> [MatchKey: [Int]] {
        try await rows(of: "cases", column: "target", matching: keys, on: db)
    }

    /// The first source (lowest id) for the first of `keys` that has one.
    static func firstSource(matching keys: [MatchKey], on db: any Database) async throws -> Int? {
        let found = try await sources(matching: keys, on: db)
        return keys.lazy.compactMap { found[$0]?.first }.first
    }

    /// The first case (lowest id) for the first of `keys` that has one.
    static func firstCase(matching keys: [MatchKey], on db: any Database) async throws -> Int? {
        let found = try await cases(matching: keys, on: db)
        return keys.lazy.compactMap { found[$0]?.first }.first
    }

    private struct Row: Decodable {
        var id: Int
        var text: String
    }

    private static func rows(of table: String, column: String, matching keys: [MatchKey], on db: any Database)
        async throws -> [MatchKey: [Int]]
    {
        let wanted = Set(keys)
        guard !wanted.isEmpty else { return [:] }
        guard let sql = db as? any SQLDatabase else {
            throw AppError(status: .internalServerError, message: "error.internal")
        }
        // `_` in a handle is a LIKE wildcard: it only widens the filter, and the keys decide.
        let patterns = Set(wanted.map { "%" + $0.containedText + "%" })
        let rows = try await sql.select()
            .column(SQLIdentifier("id"))
            .column(SQLAlias(SQLIdentifier(column), as: "text"))
            .from(table)
            .where { group in
                patterns.reduce(group) { group, pattern in
                    group.orWhere(SQLFunction("lower", args: SQLIdentifier(column)), .like, SQLBind(pattern))
                }
            }
            .orderBy("id")
            .all(decoding: Row.self)
        var found: [MatchKey: [Int]] = [:]
        for row in rows {
            if let key = PlatformTable.matchKey(for: row.text), wanted.contains(key) {
                found[key, default: []].append(row.id)
            }
        }
        return found
    }
}
