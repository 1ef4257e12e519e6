import Fluent
import Vapor

enum AccountController {
    @Sendable static func show(req: Request) async throws -> Response {
        let user = try req.requireUser()
        return try await render(req, user: user, newToken: nil, message: nil, errors: [:])
    }

    struct PasswordForm: Content {
        var current: String?
        var password: String?
    }

    @Sendable static func changePassword(req: Request) async throws -> Response {
        let current = try req.requireUser()
        let form = try req.input(PasswordForm.self)
        guard let user = try await User.find(current.id, on: req.db) else { throw AppError.notFound }
        guard Passwords.verify(form.current ?? "", hash: user.passwordHash) else {
            return try await render(req, user: current, newToken: nil, message: nil,
                                    errors: ["current": .invalid("current", "error.wrong_password")])
        }
        let password = form.password ?? ""
        if let problem = Passwords.problem(password) {
            return try await render(req, user: current, newToken: nil, message: nil,
                                    errors: ["password": .invalid("password", problem)])
        }
        try await UserStore.changeOwnPassword(current.id, to: password, keepingSession: req.session.id?.string,
                                              actor: current.auditActor, app: req.application)
        return try await render(req, user: current, newToken: nil, message: req.t("account.password_changed"), errors: [:])
    }

    struct TokenForm: Content {
        var name: String?
    }

    @Sendable static func createToken(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.create, .apiToken)
        let form = try req.input(TokenForm.self)
        do {
            let created = try await TokenStore.create(userID: user.id, name: form.name ?? "", actor: user.auditActor,
                                                      app: req.application)
            return try await render(req, user: user, newToken: created.token, message: nil, errors: [:])
        } catch let e as AppError where e.field != nil {
            return try await render(req, user: user, newToken: nil, message: nil, errors: [e.field!: e])
        }
    }

    @Sendable static func revokeToken(req: Request) async throws -> Response {
        let (user, scope) = try req.authorize(.delete, .apiToken)
        try await TokenStore.revoke(id: try req.idParameter(), ownerID: scope == .all ? nil : user.id,
                                    actor: user.auditActor, app: req.application)
        return req.redirect(to: "/account")
    }

    private static func render(_ req: Request, user: CurrentUser, newToken: String?, message: String?,
                               errors: [String: AppError]) async throws -> Response {
        guard let (record, tokens) = try await AccountPage.query(userID: user.id, on: req.db) else { throw AppError.notFound }
        let model = AccountPage.Model(user: record, tokens: tokens, canCreateTokens: req.can(.create, .apiToken),
                                      newToken: newToken, message: message, errors: errors,
                                      csrf: CSRFMiddleware.token(for: req))
        return req.page(req.t("account.title"), status: errors.isEmpty ? .ok : .unprocessableEntity,
                        AccountPage.view(model, request: req))
    }
}
