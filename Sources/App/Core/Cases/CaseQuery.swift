import Fluent
import Foundation
import KaiguulCore

/// Reading cases with the filters of the list, the board and the API, narrowed to what the reader may
/// see: an expert sees only cases referred to them.
enum CaseQuery {
    struct Filters: Sendable {
        var state = ""
        var region = ""
        var organization = ""
        var assignee = ""
        var kind = ""
        var platform = ""

        static func from(_ query: (String) -> String?) -> Filters {
            func get(_ key: String) -> String { String((query(key) ?? "").prefix(100)) }
            return Filters(state: get("state"), region: get("region"), organization: get("organization"),
                           assignee: get("assignee"), kind: get("kind"), platform: get("platform"))
        }
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
        if CaseState(rawValue: filters.state) != nil { query.filter(\.$state == filters.state) }
        if let r = Int(filters.region) { query.filter(\.$regionID == r) }
        if let o = Int(filters.organization) { query.filter(\.$organizationID == o) }
        if let a = Int(filters.assignee) { query.filter(\.$assigneeID == a) }
        switch filters.kind {
        case "site": query.filter(\.$targetKind == "domain")
        case "account": query.filter(\.$targetKind != "domain")
        default: break
        }
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
