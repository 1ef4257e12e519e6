import Fluent
import Vapor

enum AccountPage {
    struct Model {
        var user: User
        var tokens: [ApiToken]
        var canCreateTokens: Bool
        var newToken: String?
        var message: String?
        var errors: [String: AppError]
        var csrf: String
    }

    static func query(userID: Int, on db: any Database) async throws -> (User, [ApiToken])? {
        guard let user = try await User.find(userID, on: db) else { return nil }
        let tokens = try await ApiToken.query(on: db).filter(\.$user.$id == userID).sort(\.$id, .descending).all()
        return (user, tokens)
    }
}
