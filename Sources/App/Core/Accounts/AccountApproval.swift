import Fluent
import Foundation
import KaiguulCore
import Vapor

/// Four eyes on the accounts that carry due process (issue 13): an expert or legal account that an
/// admin creates, re-enables or gives a new password acts only after a second, different admin
/// approved the change. The command line can ask (it is one pair of eyes, with no name) but never
/// approve: an approval always names an enabled admin account other than the one that asked.
enum AccountApproval {
    /// What waits for the second admin; stored in `users.approval_pending`.
    enum Change: String, Sendable, CaseIterable {
        case create
        case enable
        case resetPassword = "reset_password"
    }

    /// The roles whose accounts always need a second admin: those who record conclusions and court decisions.
    static let roles: Set<Role> = [.expert, .legal]

    static func isNeeded(for role: Role?) -> Bool { role.map(roles.contains) ?? false }

    /// Whether a change to this account waits for a second admin: an expert or legal account always;
    /// an admin account too once another admin could approve it, or one admin could make a second
    /// admin account and approve their own requests with it. The first admin (nobody to approve) acts
    /// at once; a second admin is made on the command line and approved by the first on the web.
    static func isNeeded(for user: User, on db: any Database) async throws -> Bool {
        if isNeeded(for: user.role) { return true }
        guard user.role == .admin else { return false }
        return try await activeAdmin(excluding: user.id, on: db) != nil
    }

    /// An enabled admin account, approved, other than `excluding`.
    static func activeAdmin(excluding: Int?, on db: any Database) async throws -> User? {
        let query = User.query(on: db).filter(\.$roleRaw == Role.admin.rawValue).filter(\.$disabled == false)
            .filter(\.$approvalPending == nil)
        if let excluding { query.filter(\.$id != excluding) }
        return try await query.sort(\.$id).first()
    }

    /// Marks the account as waiting, inside the caller's transaction, and audits the request.
    static func request(_ change: Change, user: User, actor: AuditActor, on db: any Database) async throws {
        user.approvalPending = change.rawValue
        user.approvalRequestedBy = actor.id
        user.approvalRequestedLabel = actor.label
        user.approvalRequestedAt = Date()
        try await user.update(on: db)
        try await AuditLog.append(on: db, actor: actor, action: "user.approval_requested", objectType: "user",
                                  objectID: user.id.map(String.init),
                                  details: ["username": user.username, "change": change.rawValue])
    }

    /// The second admin agrees: the account may act.
    static func approve(_ id: Int, actor: AuditActor, app: Application) async throws {
        try await app.write { db in
            let (user, change) = try await pending(id, decidedBy: actor, on: db)
            if actor.id == user.approvalRequestedBy {
                throw AppError(status: .forbidden, message: "user.error.same_admin")
            }
            clear(user)
            try await user.update(on: db)
            try await AuditLog.append(on: db, actor: actor, action: "user.approve", objectType: "user",
                                      objectID: String(id), details: ["username": user.username, "change": change])
        }
    }

    /// The change is refused (or withdrawn by the admin who asked): the account is disabled, and a
    /// later re-enable asks again.
    static func refuse(_ id: Int, actor: AuditActor, app: Application) async throws {
        try await app.write { db in
            let (user, change) = try await pending(id, decidedBy: actor, on: db)
            clear(user)
            user.disabled = true
            try await user.update(on: db)
            try await AccountSessions.end(userID: id, on: db)
            try await AccountSessions.revokeTokens(userID: id, on: db)
            try await AuditLog.append(on: db, actor: actor, action: "user.refuse", objectType: "user",
                                      objectID: String(id), details: ["username": user.username, "change": change])
        }
    }

    /// The account and its waiting change, once the deciding actor is known to be an enabled admin
    /// other than the account itself.
    private static func pending(_ id: Int, decidedBy actor: AuditActor, on db: any Database) async throws
        -> (User, String)
    {
        guard let actorID = actor.id, actorID != id, let admin = try await User.find(actorID, on: db),
              admin.role == .admin, !admin.disabled, !admin.isAwaitingApproval
        else { throw AppError(status: .forbidden, message: "user.error.approver_not_admin") }
        guard let user = try await User.find(id, on: db) else { throw AppError.notFound }
        guard let change = user.approvalPending else {
            throw AppError(status: .conflict, message: "user.error.not_pending")
        }
        return (user, change)
    }

    private static func clear(_ user: User) {
        user.approvalPending = nil
        user.approvalRequestedBy = nil
        user.approvalRequestedLabel = nil
        user.approvalRequestedAt = nil
    }
}

extension UserStore {
    static func approve(_ id: Int, actor: AuditActor, app: Application) async throws {
        try await AccountApproval.approve(id, actor: actor, app: app)
    }

    static func refuse(_ id: Int, actor: AuditActor, app: Application) async throws {
        try await AccountApproval.refuse(id, actor: actor, app: app)
    }
}
