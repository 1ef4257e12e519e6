import Foundation
import Vapor

/// Why a right password still opens no session: the account waits for a second admin
/// (`AccountApproval`), or the password an admin handed out has expired (`Passwords.oneTimeLifetime`).
enum AccountGate {
    struct Refusal: Sendable, Equatable {
        var reason: String
        var message: String
        var status: HTTPResponseStatus
    }

    static func loginRefusal(for user: User, now: Date) -> Refusal? {
        if user.isAwaitingApproval {
            return Refusal(reason: "approval_pending", message: "login.approval_pending", status: .forbidden)
        }
        if user.mustChangePassword, let expires = user.passwordExpiresAt, expires <= now {
            return Refusal(reason: "password_expired", message: "login.password_expired", status: .unauthorized)
        }
        return nil
    }
}
