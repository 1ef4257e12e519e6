import Fluent
import KaiguulCore
import Vapor

enum CaseIndex {
    struct Model {
        var cases: [CaseRecord]
        var total: Int
        var filters: CaseQuery.Filters
        var paging: Paging
        var regions: [Region]
        var organizations: [Organization]
        var users: [User]
        var canCreate: Bool
        var csrf: String
        var list: ListQuery
    }

    /// Names of people for the assignee filter and the rows: analysts only, and never passwords.
    static func staff(on db: any Database) async throws -> [User] {
        try await User.query(on: db).filter(\.$roleRaw ~~ CaseStore.assignableRoles.map(\.rawValue))
            .filter(\.$disabled == false).sort(\.$username).limit(500).all()
    }
}
