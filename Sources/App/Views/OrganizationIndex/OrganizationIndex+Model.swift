import Fluent
import Vapor

enum OrganizationIndex {
    struct Filters: Sendable {
        var q: String
        var designation: String
        var status: String
    }

    struct Model {
        var organizations: [Organization]
        var total: Int
        var filters: Filters
        var paging: Paging
        var canCreate: Bool
    }

    static func query(on db: any Database, filters: Filters, paging: Paging) async throws -> (rows: [Organization], total: Int) {
        let query = Organization.query(on: db)
        if !filters.q.isEmpty { query.filter(Search.contains("search_text", filters.q)) }
        if let d = Designation(rawValue: filters.designation) { query.filter(\.$designation == d.rawValue) }
        if let s = OrganizationStatus(rawValue: filters.status) { query.filter(\.$status == s.rawValue) }
        let total = try await query.count()
        let rows = try await query.sort(\.$id, .descending).range(paging.offset..<(paging.offset + paging.perPage)).all()
        return (rows, total)
    }
}
