import Fluent
import Foundation

/// One password attempt, kept to lock an account against guessing from one address.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class LoginAttempt: Model, @unchecked Sendable {
    static let schema = "login_attempts"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "username") var username: String
    @Field(key: "address") var address: String
    @Field(key: "at") var at: Date
    @Field(key: "succeeded") var succeeded: Bool

    init() {}
}
