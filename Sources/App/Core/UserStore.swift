import Fluent
import KaiguulCore
import Vapor

/// Account management, shared by the admin pages and `kaiguul user`.
enum UserStore {
    struct Created: Sendable {
        var id: Int
        var password: String
    }

    static func validateUsername(_ raw: String) -> String? {
        let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
        guard (2...64).contains(name.count),
              name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) })
        else { return nil }
        return name
    }

    /// Creates an account; with no password given, generates one to show once.
    static func create(username: String, displayName: String, role: Role, password: String?, language: Language = .ky,
                       mustChange: Bool, actor: AuditActor, app: Application) async throws -> Created {
        guard let name = validateUsername(username) else { throw AppError.invalid("username", "error.invalid_username") }
        let display = displayName.trimmingCharacters(in: .whitespaces)
        guard display.count <= 200, !display.unicodeScalars.contains(where: FieldRules.isForbidden) else {
            throw AppError.invalid("display_name", "error.too_long", ["max": "200"])
        }
        let pass = password ?? Passwords.generate()
        if let problem = Passwords.problem(pass) { throw AppError.invalid("password", problem) }
        let hash = try Passwords.hash(pass, cost: app.kaiguul.bcryptCost)
        let id: Int = try await app.write { db in
            if try await User.query(on: db).filter(\.$username == name).first() != nil {
                throw AppError(status: .conflict, message: "error.username_taken", field: "username")
            }
            let user = User(username: name, displayName: display.isEmpty ? name : display, passwordHash: hash, role: role,
                            language: language.rawValue)
            user.mustChangePassword = mustChange
            user.passwordExpiresAt = mustChange ? Passwords.oneTimeExpiry() : nil
            try await user.create(on: db)
            let id = try user.requireID()
            try await AuditLog.append(on: db, actor: actor, action: "user.create", objectType: "user", objectID: String(id),
                                      details: ["username": name, "role": role.rawValue])
            if try await AccountApproval.isNeeded(for: user, on: db) {
                try await AccountApproval.request(.create, user: user, actor: actor, on: db)
            }
            return id
        }
        return Created(id: id, password: pass)
    }

    static func setDisabled(_ id: Int, disabled: Bool, actor: AuditActor, app: Application) async throws {
        try await app.write { db in
            guard let user = try await User.find(id, on: db) else { throw AppError.notFound }
            if disabled, user.id == actor.id { throw AppError(status: .conflict, message: "error.cannot_disable_self") }
            let wasDisabled = user.disabled
            user.disabled = disabled
            try await user.update(on: db)
            if disabled {
                // A disabled account loses its API tokens and its sessions at once.
                try await AccountSessions.revokeTokens(userID: id, on: db)
                try await AccountSessions.end(userID: id, on: db)
            }
            try await AuditLog.append(on: db, actor: actor, action: disabled ? "user.disable" : "user.enable",
                                      objectType: "user", objectID: String(id), details: ["username": user.username])
            if !disabled, wasDisabled, try await AccountApproval.isNeeded(for: user, on: db) {
                try await AccountApproval.request(.enable, user: user, actor: actor, on: db)
            }
        }
    }

    /// An admin (or the command line) sets a new password, generated when nil, and gets it back for
    /// showing once. The account's sessions end and its tokens are revoked: whoever held them before
    /// the reset holds nothing after it. A generated password expires (`Passwords.oneTimeLifetime`).
    static func resetPassword(_ id: Int, password: String?, mustChange: Bool, actor: AuditActor, app: Application) async throws -> String {
        let pass = password ?? Passwords.generate()
        if let problem = Passwords.problem(pass) { throw AppError.invalid("password", problem) }
        let hash = try Passwords.hash(pass, cost: app.kaiguul.bcryptCost)
        try await app.write { db in
            guard let user = try await User.find(id, on: db) else { throw AppError.notFound }
            user.passwordHash = hash
            user.mustChangePassword = mustChange
            user.passwordExpiresAt = mustChange ? Passwords.oneTimeExpiry() : nil
            try await user.update(on: db)
            try await AccountSessions.end(userID: id, on: db)
            try await AccountSessions.revokeTokens(userID: id, on: db)
            try await AuditLog.append(on: db, actor: actor, action: "user.reset_password", objectType: "user",
                                      objectID: String(id), details: ["username": user.username])
            if try await AccountApproval.isNeeded(for: user, on: db) {
                try await AccountApproval.request(.resetPassword, user: user, actor: actor, on: db)
            }
        }
        return pass
    }

    /// The account holder chooses a new password: the session making the change stays, the
    /// account's other sessions end and its tokens are revoked.
    static func changeOwnPassword(_ id: Int, to password: String, keepingSession session: String?, actor: AuditActor,
                                  app: Application) async throws {
        if let problem = Passwords.problem(password) { throw AppError.invalid("password", problem) }
        let hash = try Passwords.hash(password, cost: app.kaiguul.bcryptCost)
        try await app.write { db in
            guard let user = try await User.find(id, on: db) else { throw AppError.notFound }
            user.passwordHash = hash
            user.mustChangePassword = false
            user.passwordExpiresAt = nil
            try await user.update(on: db)
            try await AccountSessions.end(userID: id, keeping: session, on: db)
            try await AccountSessions.revokeTokens(userID: id, on: db)
            try await AuditLog.append(on: db, actor: actor, action: "user.change_password", objectType: "user",
                                      objectID: String(id), details: ["username": user.username])
        }
    }
}
