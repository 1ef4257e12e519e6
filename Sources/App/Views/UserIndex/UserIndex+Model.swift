import Fluent
import Vapor

enum UserIndex {
    struct Model {
        var users: [User]
        var total: Int
        var paging: Paging
        var canManage: Bool
        var csrf: String
        var values: [String: String]
        var errors: [String: AppError]
        /// A password just set, shown once.
        var revealed: (username: String, password: String)?
        /// Accounts waiting for a second admin (`AccountApproval`), oldest first.
        var pending: [User] = []
        /// The admin looking at the page: the one who asked cannot approve their own request.
        var viewerID: Int?
    }

    static func pending(on db: any Database) async throws -> [User] {
        try await User.query(on: db).filter(\.$approvalPending != nil).sort(\.$approvalRequestedAt).limit(200).all()
    }

    static func query(on db: any Database, paging: Paging) async throws -> (rows: [User], total: Int) {
        let total = try await User.query(on: db).count()
        let rows = try await User.query(on: db).sort(\.$username).range(paging.offset..<(paging.offset + paging.perPage)).all()
        return (rows, total)
    }
}
