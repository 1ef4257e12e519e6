import Fluent
import Foundation

/// A server-side session. The cookie holds only the random id; everything else stays here.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class SessionRecord: Model, @unchecked Sendable {
    static let schema = "sessions"

    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "data") var data: String
    @Field(key: "expires_at") var expiresAt: Date
    /// The signed-in account, so a password change or reset can end its other sessions.
    @OptionalField(key: "user_id") var userID: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}
