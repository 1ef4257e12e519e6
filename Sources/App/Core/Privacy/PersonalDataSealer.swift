import Fluent
import Foundation

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

    /// Re-wraps every data key not under the current key-encryption key; returns how many.
    static func rewrapAll(on db: any Database, _ keyring: PersonalDataKeyring) async throws -> Counts {
        var counts = Counts()
        let current = try keyring.current().id
        let prefix = current + ":"
        var after = 0
        while true {
            let from = after
            let (n, last) = try await db.transaction { tx -> (Int, Int) in
                let rows = try await Volunteer.query(on: tx).filter(\.$id > from).filter(\.$dataKey != nil)
                    .sort(\.$id).limit(batch).all()
                var n = 0
                for v in rows where !(v.dataKey ?? "").hasPrefix(prefix) {
                    v.dataKey = try RecordKey.unwrap(v.dataKey ?? "", keyring).rewrapped(keyring).wrapped
                    try await v.update(on: tx)
                    n += 1
                }
                return (n, rows.last?.id ?? -1)
            }
            counts.rewrappedVolunteers += n
            if last < 0 { break }
            after = last
        }
        after = 0
        while true {
            let from = after
            let (n, last) = try await db.transaction { tx -> (Int, Int) in
                let rows = try await Tip.query(on: tx).filter(\.$id > from).filter(\.$dataKey != nil)
                    .sort(\.$id).limit(batch).all()
                var n = 0
                for tip in rows where !(tip.dataKey ?? "").hasPrefix(prefix) {
                    tip.dataKey = try RecordKey.unwrap(tip.dataKey ?? "", keyring).rewrapped(keyring).wrapped
                    try await tip.update(on: tx)
                    n += 1
                }
                return (n, rows.last?.id ?? -1)
            }
            counts.rewrappedTips += n
            if last < 0 { break }
            after = last
        }
        return counts
    }

    /// Ids of the key-encryption keys rows still use, and how many rows each.
    static func keysInUse(on db: any Database) async throws -> [String: Int] {
        var uses: [String: Int] = [:]
        for wrapped in try await Volunteer.query(on: db).filter(\.$dataKey != nil).field(\.$id).field(\.$dataKey).all()
            .compactMap(\.dataKey) {
            uses[RecordKey.keyID(of: wrapped) ?? "", default: 0] += 1
        }
        for wrapped in try await Tip.query(on: db).filter(\.$dataKey != nil).field(\.$id).field(\.$dataKey).all()
            .compactMap(\.dataKey) {
            uses[RecordKey.keyID(of: wrapped) ?? "", default: 0] += 1
        }
        return uses
    }
}
