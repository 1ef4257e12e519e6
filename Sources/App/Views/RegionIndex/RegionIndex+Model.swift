import Fluent
import SQLKit
import Vapor

enum RegionIndex {
    struct Row {
        var region: Region
        /// How many sources are watched in the region; nil for a viewer who may not view sources.
        var sources: Int?
    }

    struct Model {
        var rows: [Row]
    }

    static func query(seen: Visibility, on db: any Database) async throws -> Model {
        let regions = try await Region.query(on: db).sort(\.$id).all()
        guard seen.seesAll(.source) else { return Model(rows: regions.map { Row(region: $0, sources: nil) }) }
        var counts: [Int: Int] = [:]
        if let sql = db as? any SQLDatabase {
            struct C: Decodable { var region_id: Int?; var n: Int }
            let rows = try await sql.raw("SELECT region_id, COUNT(*) AS n FROM sources GROUP BY region_id").all(decoding: C.self)
            for r in rows { if let id = r.region_id { counts[id] = r.n } }
        }
        return Model(rows: regions.map { Row(region: $0, sources: counts[$0.id ?? 0] ?? 0) })
    }
}
