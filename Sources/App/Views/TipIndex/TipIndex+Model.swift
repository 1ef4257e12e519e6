import Fluent
import KaiguulCore
import Vapor

enum TipIndex {
    struct Model {
        var tips: [Tip]
        var total: Int
        var paging: Paging
        var status: String
        /// Volunteers see their own tips and their status, nothing of sources or cases.
        var ownOnly: Bool
        /// Whether a tip's matched source and case are shown: only to a viewer who may open them.
        var seesSources: Bool
        var seesCases: Bool
        var canUpdate: Bool
        var csrf: String
    }

    static func query(on db: any Database, userID: Int?, status: String, paging: Paging) async throws -> (rows: [Tip], total: Int) {
        let query = Tip.query(on: db)
        if let userID { query.filter(\.$submittedBy == userID) }
        if let s = TipStatus(rawValue: status) { query.filter(\.$status == s.rawValue) }
        let total = try await query.count()
        let rows = try await query.sort(\.$id, .descending).range(paging.offset..<(paging.offset + paging.perPage)).all()
        return (rows, total)
    }
}
