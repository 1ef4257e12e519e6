import Fluent
import Vapor

enum AuthController {
    struct LoginForm: Content {
        var username: String?
        var password: String?
        var next: String?
    }

    @Sendable static func showLogin(req: Request) async throws -> Response {
        if req.currentUser != nil { return req.redirect(to: "/") }
        let model = LoginView.Model(username: "", next: safeNext(req.query[String.self, at: "next"]), error: nil,
                                    csrf: CSRFMiddleware.token(for: req))
        return req.page(req.t("login.title"), LoginView.content(model, t: req.t))
    }

    @Sendable static func login(req: Request) async throws -> Response {
        let form = try req.input(LoginForm.self)
        let username = String((form.username ?? "").trimmingCharacters(in: .whitespaces).lowercased().prefix(64))
        let password = form.password ?? ""
        let address = req.clientAddress
        let now = Date()
        let next = safeNext(form.next)

        func refuse(_ key: String, _ values: [String: String] = [:], status: HTTPResponseStatus) -> Response {
            let model = LoginView.Model(username: username, next: next, error: req.t(key, values),
                                        csrf: CSRFMiddleware.token(for: req))
            return req.page(req.t("login.title"), status: status, LoginView.content(model, t: req.t))
        }

        if let until = try await LoginLockout.lockedUntil(username: username, address: address, now: now, on: req.db) {
            let minutes = max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up)))
            return refuse("login.locked", ["minutes": String(minutes)], status: .tooManyRequests)
        }
        let user = try await User.query(on: req.db).filter(\.$username == username).first()
        // Verify against a dummy hash when the user does not exist, so timing does not reveal it.
        let ok: Bool
        if let user, !user.disabled, user.role != nil {
            ok = Passwords.verify(password, hash: user.passwordHash)
        } else {
            _ = Passwords.verify(password, hash: dummyHash)
            ok = false
        }
        guard ok, let user, let userID = user.id else {
            try await req.write { db in
                try await LoginLockout.record(username: username, address: address, succeeded: false, at: now, on: db)
                try await AuditLog.append(on: db, actor: AuditActor(id: nil, label: username), action: "login.failed",
                                          objectType: "user", objectID: nil, details: ["address": address])
            }
            return refuse("login.failed", status: .unauthorized)
        }
        if let refusal = AccountGate.loginRefusal(for: user, now: now) {
            _ = try await req.write { db in
                try await AuditLog.append(on: db, actor: AuditActor(id: userID, label: username),
                                          action: "login.refused", objectType: "user", objectID: String(userID),
                                          details: ["address": address, "reason": refusal.reason])
            }
            return refuse(refusal.message, status: refusal.status)
        }
        try await req.write { db in
            try await LoginLockout.record(username: username, address: address, succeeded: true, at: now, on: db)
            user.lastLoginAt = now
            try await user.update(on: db)
            try await AuditLog.append(on: db, actor: AuditActor(id: userID, label: username), action: "login",
                                      objectType: "user", objectID: String(userID), details: ["address": address])
        }
        // A fresh session id on login, so a session planted before login is worthless after it.
        if req.hasSession, let old = req.session.id {
            try await SessionRecord.query(on: req.db).filter(\.$id == old.string).delete()
        }
        req.session.id = nil
        req.session.data["uid"] = String(userID)
        req.session.data["csrf"] = Token.random(bytes: 32)
        let response = req.redirect(to: next)
        response.cookies["lang"] = languageCookie(user.language, secure: req.kaiguul.secureCookies)
        return response
    }

    @Sendable static func logout(req: Request) async throws -> Response {
        if let user = req.currentUser {
            _ = try await req.write { db in
                try await AuditLog.append(on: db, actor: user.auditActor, action: "logout", objectType: "user",
                                          objectID: String(user.id))
            }
        }
        req.session.destroy()
        return req.redirect(to: "/login")
    }

    struct LanguageForm: Content {
        var lang: String?
        var back: String?
    }

    @Sendable static func switchLanguage(req: Request) async throws -> Response {
        let form = try req.input(LanguageForm.self)
        guard let lang = form.lang.flatMap(Language.init(rawValue:)) else {
            throw AppError.invalid("lang", "error.unknown_value")
        }
        if let current = req.currentUser, let user = try await User.find(current.id, on: req.db) {
            try await req.write { db in
                user.language = lang.rawValue
                try await user.update(on: db)
                try await AuditLog.append(on: db, actor: current.auditActor, action: "user.language", objectType: "user",
                                          objectID: String(current.id), details: ["language": lang.rawValue])
            }
        }
        let response = req.redirect(to: safeNext(form.back))
        response.cookies["lang"] = languageCookie(lang.rawValue, secure: req.kaiguul.secureCookies)
        return response
    }

    static func languageCookie(_ value: String, secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(string: value, maxAge: 365 * 24 * 3600, path: "/", isSecure: secure, isHTTPOnly: true,
                          sameSite: .lax)
    }

    /// Only local paths: a `next` pointing elsewhere would make the login page an open redirect.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\"), next.count < 512,
              !next.unicodeScalars.contains(where: { $0.value < 0x20 })
        else { return "/" }
        return next
    }

    static let dummyHash = "$2b$12$C6UzMDM.H6dfI/f/IKcEeO3nGq1b6oFwVlSOTdOoGLm.Ihr7m5S5e"
}
