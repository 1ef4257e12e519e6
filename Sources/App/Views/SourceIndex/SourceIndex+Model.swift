import Fluent
import KaiguulCore
import Vapor

enum SourceIndex {
    struct Filters: Sendable {
        var q: String
        var kind: String
        var region: String
        var status: String
    }

    struct Model {
        var sources: [Source]
        var total: Int
        var filters: Filters
        var paging: Paging
        var regions: [Region]
        var canCreate: Bool
        /// Distinct items per source (monitoring); nil for a viewer who sees items only through cases.
        var itemCounts: [Int: Int]? = nil
    }

    static func query(on db: any Database, filters: Filters, paging: Paging) async throws -> (rows: [Source], total: Int) {
        let query = Source.query(on: db)
        if !filters.q.isEmpty { query.filter(Search.contains("search_text", filters.q)) }
        if let k = SourceKind(rawValue: filters.kind) { query.filter(\.$kind == k.rawValue) }
        if let s = SourceStatus(rawValue: filters.status) { query.filter(\.$status == s.rawValue) }
        if let r = Int(filters.region) { query.filter(\.$region.$id == r) }
        let total = try await query.count()
        let rows = try await query.with(\.$region).sort(\.$id, .descending)
            .range(paging.offset..<(paging.offset + paging.perPage)).all()
        return (rows, total)
    }
}
