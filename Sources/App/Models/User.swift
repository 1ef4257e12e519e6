import Fluent
import Foundation
import KaiguulCore

// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "username") var username: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "role") var roleRaw: String
    @Field(key: "language") var language: String
    @Field(key: "disabled") var disabled: Bool
    @Field(key: "must_change_password") var mustChangePassword: Bool
    @OptionalField(key: "last_login_at") var lastLoginAt: Date?
    /// What a second admin still has to approve before the account may act (`AccountApproval.Change`).
    @OptionalField(key: "approval_pending") var approvalPending: String?
    @OptionalField(key: "approval_requested_by") var approvalRequestedBy: Int?
    @OptionalField(key: "approval_requested_label") var approvalRequestedLabel: String?
    @OptionalField(key: "approval_requested_at") var approvalRequestedAt: Date?
    /// Set for a password an admin handed out (new account, reset): unusable after this moment.
    @OptionalField(key: "password_expires_at") var passwordExpiresAt: Date?
    /// For a `partner` account: the partner it reads for (`partners`).
    @OptionalField(key: "partner_id") var partnerID: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(username: String, displayName: String, passwordHash: String, role: Role, language: String = "ky") {
        self.username = username
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.roleRaw = role.rawValue
        self.language = language
        self.disabled = false
        self.mustChangePassword = false
    }

    /// An unknown role in the database (edited by hand) grants nothing.
    var role: Role? { Role(rawValue: roleRaw) }

    /// Waiting for a second admin: the account can neither sign in nor use its tokens.
    var isAwaitingApproval: Bool { approvalPending != nil }
}
