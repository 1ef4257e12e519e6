import Fluent
import KaiguulCore
import Vapor

enum TipIndex {
    struct Model {
        var tips: [Tip]
        var total: Int
        var list: ListQuery
        var paging: Paging { list.paging }
        /// Volunteers see their own tips and their status, nothing of sources or cases.
        var ownOnly: Bool
        /// Whether a tip's matched source and case are shown: only to a viewer who may open them.
        var seesSources: Bool
        var seesCases: Bool
        var canUpdate: Bool
        var csrf: String
    }

    static let filters = [ListQuery.Filter("status", label: "tip.status", .oneOf(TipStatus.allCases.map(\.rawValue)))]

    /// `q` looks in the reported addresses, the comment and the reference the sender was given.
    static func query(on db: any Database, userID: Int?, list: ListQuery) async throws -> (rows: [Tip], total: Int) {
        let query = Tip.query(on: db)
        let paging = list.paging
        if let userID { query.filter(\.$submittedBy == userID) }
        if !list["status"].isEmpty { query.filter(\.$status == list["status"]) }
        if !list.q.isEmpty { query.filter(TextMatch.anyContains(["urls", "comment", "reference"], list.q)) }
        let total = try await query.count()
        let rows = try await query.sort(\.$id, .descending).range(paging.offset..<(paging.offset + paging.perPage)).all()
        return (rows, total)
    }
}
