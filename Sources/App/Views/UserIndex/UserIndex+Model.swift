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
    }

    static func query(on db: any Database, paging: Paging) async throws -> (rows: [User], total: Int) {
        let total = try await User.query(on: db).count()
        let rows = try await User.query(on: db).sort(\.$username).range(paging.offset..<(paging.offset + paging.perPage)).all()
        return (rows, total)
    }
}
