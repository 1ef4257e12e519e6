import Exchange
import Fluent
import Foundation

/// Keeps `exchange_objects` in step with the records. Each object is rebuilt from what it rests on
/// and compared with its last published version; a difference is a new version (a lifted block's
/// indicator comes back revoked), sameness writes nothing. Rows are only ever added.
enum ExchangePublisher {
    /// Brings `exchange_objects` up to date with the records (new objects and new versions, e.g. a lifted
    /// block's revoked indicator); returns how many versions it wrote. Idempotent; safe to call before every read.
    static func sync(on db: any Database, now: Date) async throws -> Int {
        try await sync(producer: ExchangeProducer.current(), on: db, now: now)
    }

    static func sync(producer: STIXProducer, on db: any Database, now: Date) async throws -> Int {
        do {
            return try await attempt(producer: producer, on: db, now: now)
        } catch {
            // Two readers syncing at once both try to add the same (stix_id, modified); the one that lost
            // finds the other's rows on the second pass and writes nothing.
            return try await attempt(producer: producer, on: db, now: now)
        }
    }

    private static func attempt(producer: STIXProducer, on db: any Database, now: Date) async throws -> Int {
        let wanted = try await ExchangeCatalog.publications(producer: producer, on: db)
        return try await db.transaction { db in
            var latest = try await latestVersions(on: db)
            var written = 0
            for publication in wanted {
                let stixID = publication.stixID
                guard !stixID.isEmpty,
                      let version = STIXVersioning.next(publication.object, after: latest[stixID], now: now)
                else { continue }
                let row = ExchangeObject()
                row.stixID = stixID
                row.stixType = publication.stixType
                row.modified = STIXVersioning.versionStamp(version, added: now)
                row.dateAdded = now
                row.revoked = version["revoked"]?.boolValue ?? false
                row.subjectKey = publication.subjectKey
                row.organizationID = publication.organizationID
                row.caseID = publication.caseID
                row.bankID = publication.bankID
                row.contentSHA256 = STIXVersioning.digest(version)
                row.json = version.canonicalString
                try await row.create(on: db)
                latest[stixID] = STIXVersioning.Published(stored: version, modified: row.modified, revoked: row.revoked)
                written += 1
            }
            return written
        }
    }

    /// The last published version of every object.
    private static func latestVersions(on db: any Database) async throws -> [String: STIXVersioning.Published] {
        var latest: [String: STIXVersioning.Published] = [:]
        var lastModified: [String: String] = [:]
        var rows: [String: ExchangeObject] = [:]
        for row in try await ExchangeObject.query(on: db).field(\.$id).field(\.$stixID).field(\.$modified).all() {
            if let seen = lastModified[row.stixID], seen >= row.modified { continue }
            lastModified[row.stixID] = row.modified
            rows[row.stixID] = row
        }
        guard !rows.isEmpty else { return [:] }
        let ids = rows.values.compactMap(\.id)
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            for row in try await ExchangeObject.query(on: db).filter(\.$id ~~ chunk).all() {
                guard let object = try? JSONValue.parse(Data(row.json.utf8)) else { continue }
                latest[row.stixID] = STIXVersioning.Published(stored: object, modified: row.modified,
                                                              revoked: row.revoked)
            }
        }
        return latest
    }
}
