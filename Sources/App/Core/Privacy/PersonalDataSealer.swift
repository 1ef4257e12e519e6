import Fluent
import Foundation
import SQLKit

/// Brings every person's field under the current keys: seals rows written before sealing existed
/// (an upgraded database, a bulk load) and re-wraps data keys under the current key-encryption key
/// (rotation). Works in batches, each its own transaction, so `serve` goes on meanwhile; a row
/// changed by someone else between read and write is simply sealed from its new value next time.
enum PersonalDataSealer {
    struct Counts: Sendable, Equatable {
        var sealedVolunteers = 0
        var sealedTips = 0
        var rewrappedVolunteers = 0
        var rewrappedTips = 0
        /// Erasure requests (their sealed reason and note).
        var rewrappedRequests = 0
    }

    static let batch = 500

    /// Seals plain rows; returns how many of each.
    static func sealPlainRows(on db: any Database, _ keyring: PersonalDataKeyring) async throws -> Counts {
        var counts = Counts()
        while true {
            let n = try await db.transaction { tx -> Int in
                try await SQLiteShredding.zeroFreedSpace(on: tx)
                let rows = try await Volunteer.query(on: tx).filter(\.$dataKey == nil).filter(\.$erasedAt == nil)
                    .limit(batch).all()
                for v in rows {
                    try v.seal(VolunteerPerson(name: v.name, contact: v.contact), keyring)
                    try await v.update(on: tx)
                }
                return rows.count
            }
            counts.sealedVolunteers += n
            if n < batch { break }
        }
        while true {
            let n = try await db.transaction { tx -> Int in
                try await SQLiteShredding.zeroFreedSpace(on: tx)
                let rows = try await Tip.query(on: tx).filter(\.$dataKey == nil).filter(\.$contact != nil)
                    .limit(batch).all()
                for tip in rows {
                    // An empty contact becomes none, so it is not found again.
                    try tip.sealContact(tip.contact, keyring)
                    try await tip.update(on: tx)
                }
                return rows.count
            }
            counts.sealedTips += n
            if n < batch { break }
        }
        await SQLiteShredding.checkpoint(on: db)
        return counts
    }

    /// Tables whose rows carry a wrapped data key (`data_key`).
    static let sealedTables = ["volunteers", "tips", "erasure_requests"]

    /// Re-wraps every data key not under the current key-encryption key; returns how many.
    /// Each row is written only if its key is still the one read (`… AND data_key = old`): a record
    /// erased meanwhile keeps its key erased.
    static func rewrapAll(on db: any Database, _ keyring: PersonalDataKeyring) async throws -> Counts {
        guard let sql = db as? any SQLDatabase else { return Counts() }
        var counts = Counts()
        let prefix = try keyring.current().id + ":"
        struct Row: Decodable { var id: Int; var data_key: String }
        for table in sealedTables {
            var after = 0
            while true {
                let from = after
                let rows = try await sql.raw("""
                    SELECT id, data_key FROM \(ident: table) WHERE id > \(bind: from) AND data_key IS NOT NULL \
                    ORDER BY id LIMIT \(literal: batch)
                    """).all(decoding: Row.self)
                guard let last = rows.last else { break }
                let stale = rows.filter { !$0.data_key.hasPrefix(prefix) }
                let rewrapped = try stale.map { ($0, try RecordKey.unwrap($0.data_key, keyring).rewrapped(keyring).wrapped) }
                let n = try await db.transaction { tx -> Int in
                    guard let txSQL = tx as? any SQLDatabase else { return 0 }
                    for (row, wrapped) in rewrapped {
                        try await txSQL.raw("""
                            UPDATE \(ident: table) SET data_key = \(bind: wrapped) \
                            WHERE id = \(bind: row.id) AND data_key = \(bind: row.data_key)
                            """).run()
                    }
                    return rewrapped.count
                }
                switch table {
                case "volunteers": counts.rewrappedVolunteers += n
                case "tips": counts.rewrappedTips += n
                default: counts.rewrappedRequests += n
                }
                after = last.id
            }
        }
        return counts
    }

    /// Ids of the key-encryption keys rows still use, and how many rows each. Counted in the
    /// database (a few rows back, not one per record): `serve` asks at every start.
    static func keysInUse(on db: any Database) async throws -> [String: Int] {
        guard let sql = db as? any SQLDatabase else { return [:] }
        // The id is what precedes the first `:` of the wrapped key (`RecordKey`).
        let keyID: SQLQueryString = SQLiteShredding.isSQLite(db)
            ? "substr(data_key, 1, instr(data_key, ':') - 1)" : "split_part(data_key, ':', 1)"
        var uses: [String: Int] = [:]
        struct Row: Decodable { var kid: String; var n: Int }
        for table in sealedTables {
            for row in try await sql.raw("""
                SELECT \(keyID) AS kid, COUNT(*) AS n FROM \(ident: table) WHERE data_key IS NOT NULL GROUP BY 1
                """).all(decoding: Row.self) {
                uses[row.kid, default: 0] += row.n
            }
        }
        return uses
    }
}
