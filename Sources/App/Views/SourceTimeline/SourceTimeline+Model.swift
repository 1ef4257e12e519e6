import Fluent
import SQLKit
import Vapor

/// A source's items, newest first: every version, with gone marks.
enum SourceTimeline {
    struct Model {
        var source: Source
        var items: [Item]
        var total: Int
        var paging: Paging
    }

    static func query(sourceID: Int, paging: Paging, on db: any Database) async throws -> (items: [Item], total: Int) {
        let query = Item.query(on: db).filter(\.$sourceID == sourceID)
        let total = try await query.count()
        let items = try await query.sort(\.$id, .descending).range(paging.offset..<(paging.offset + paging.perPage)).all()
        return (items, total)
    }

    /// Distinct items (not versions) per source, for the sources list.
    static func itemCounts(sourceIDs: [Int], on db: any Database) async throws -> [Int: Int] {
        guard !sourceIDs.isEmpty, let sql = db as? any SQLDatabase else { return [:] }
        let rows = try await sql.raw("""
            SELECT source_id, COUNT(DISTINCT item_key) AS n FROM items
            WHERE source_id IN (\(binds: sourceIDs)) GROUP BY source_id
            """).all()
        var counts: [Int: Int] = [:]
        for row in rows {
            counts[try row.decode(column: "source_id", as: Int.self)] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }
}
