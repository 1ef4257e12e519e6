import Fluent
import Foundation

/// Ends an account's sessions and tokens when its password changes hands: a password change keeps
/// only the session that made it, an admin's reset keeps none.
enum AccountSessions {
    /// Deletes the account's session rows, but `keeping` (the session making the change).
    static func end(userID: Int, keeping: String? = nil, on db: any Database) async throws {
        let query = SessionRecord.query(on: db).filter(\.$userID == userID)
        if let keeping { query.filter(\.$id != keeping) }
        try await query.delete()
    }

    /// Revokes every live API token of the account.
    static func revokeTokens(userID: Int, on db: any Database) async throws {
        try await ApiToken.query(on: db).filter(\.$user.$id == userID).filter(\.$revokedAt == nil)
            .set(\.$revokedAt, to: Date()).update()
    }
}
