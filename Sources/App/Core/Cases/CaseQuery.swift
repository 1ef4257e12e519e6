import Fluent
import Foundation
import KaiguulCore

/// Reading cases with the filters of the list, the board and the API, narrowed to what the reader may
/// see: an expert sees only cases referred to them.
enum CaseQuery {
    struct Filters: Sendable {
        var q = ""
        var state = ""
        var region = ""
        var organization = ""
        var assignee = ""
        var kind = ""
        var platform = ""

        /// The filters as `ListQuery` accepted them (a refused value is not among them).
        static func from(_ query: ListQuery) -> Filters {
            Filters(q: query.q, state: query["state"], region: query["region"], organization: query["organization"],
                    assignee: query["assignee"], kind: query["kind"], platform: query["platform"])
        }
    }

    /// The list's filters and the values each allows; `regions` are the region ids a page offers (the API
    /// takes any id).
    static func listFilters(regions: [String]? = nil, platforms: [String]? = nil) -> [ListQuery.Filter] {
        [
            .init("state", label: "case.state", .oneOf(CaseState.allCases.map(\.rawValue))),
            .init("region", label: "source.region", regions.map { .oneOf($0) } ?? .id),
            .init("organization", label: "case.organization", .id),
            .init("assignee", label: "case.assignee", .id),
            .init("kind", label: "case.target_kind", .oneOf(["site", "account"])),
            .init("platform", label: "case.platform", platforms.map { .oneOf($0) } ?? .text(max: 100)),
        ]
    }

    static func base(on db: any Database, user: CurrentUser) -> QueryBuilder<CaseRecord> {
        let query = CaseRecord.query(on: db)
        if user.role == .expert { query.filter(\.$expertID == user.id) }
        return query
    }

    static func list(on db: any Database, user: CurrentUser, filters: Filters, paging: Paging) async throws
        -> ([CaseRecord], Int)
    {
        let query = base(on: db, user: user)
        if !filters.q.isEmpty { query.filter(Search.contains("search_text", filters.q)) }
        if CaseState(rawValue: filters.state) != nil { query.filter(\.$state == filters.state) }
        if let r = Int(filters.region) { query.filter(\.$regionID == r) }
        if let o = Int(filters.organization) { query.filter(\.$organizationID == o) }
        if let a = Int(filters.assignee) { query.filter(\.$assigneeID == a) }
        // Site or account by the figures' rule, so the list and the dashboard count the same cases.
        if !filters.kind.isEmpty { query.filter(\.$countedAs == filters.kind) }
        if !filters.platform.isEmpty { query.filter(\.$platform == filters.platform) }
        let total = try await query.count()
        let rows = try await query.sort(\.$id, .descending).range(paging.offset..<(paging.offset + paging.perPage)).all()
        return (rows, total)
    }

    /// One case, or 404 when it does not exist or the reader may not know of it.
    static func find(_ id: Int, on db: any Database, user: CurrentUser) async throws -> CaseRecord {
        guard let record = try await base(on: db, user: user).filter(\.$id == id).first() else {
            throw AppError.notFound
        }
        return record
    }
}
