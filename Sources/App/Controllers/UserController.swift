import Fluent
import KaiguulCore
import Vapor

enum UserController {
    @Sendable static func index(req: Request) async throws -> Response {
        try req.authorize(.view, .user)
        return try await render(req, values: [:], errors: [:], revealed: nil)
    }

    @Sendable static func new(req: Request) async throws -> Response {
        try req.authorize(.create, .user)
        return req.redirect(to: "/users#f-username")
    }

    struct CreateForm: Content {
        var username: String?
        var display_name: String?
        var role: String?
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let (actor, _) = try req.authorize(.create, .user)
        let form = try req.input(CreateForm.self)
        let values = ["username": form.username ?? "", "display_name": form.display_name ?? "", "role": form.role ?? ""]
        var errors: [String: AppError] = [:]
        let role = FieldRules.choice(form.role, Role.self, field: "role", into: &errors)
        guard let role, errors.isEmpty else { return try await render(req, values: values, errors: errors, revealed: nil) }
        do {
            let created = try await UserStore.create(username: form.username ?? "", displayName: form.display_name ?? "",
                                                     role: role, password: nil, mustChange: true,
                                                     actor: actor.auditActor, app: req.application)
            let name = UserStore.validateUsername(form.username ?? "") ?? ""
            return try await render(req, values: [:], errors: [:], revealed: (name, created.password))
        } catch let e as AppError where e.field != nil {
            return try await render(req, values: values, errors: [e.field!: e], revealed: nil)
        }
    }

    @Sendable static func disable(req: Request) async throws -> Response {
        let (actor, _) = try req.authorize(.update, .user)
        try await UserStore.setDisabled(try req.idParameter(), disabled: true, actor: actor.auditActor, app: req.application)
        return req.redirect(to: "/users")
    }

    @Sendable static func enable(req: Request) async throws -> Response {
        let (actor, _) = try req.authorize(.update, .user)
        try await UserStore.setDisabled(try req.idParameter(), disabled: false, actor: actor.auditActor, app: req.application)
        return req.redirect(to: "/users")
    }

    @Sendable static func resetPassword(req: Request) async throws -> Response {
        let (actor, _) = try req.authorize(.update, .user)
        let id = try req.idParameter()
        let password = try await UserStore.resetPassword(id, password: nil, mustChange: true, actor: actor.auditActor,
                                                         app: req.application)
        let name = try await User.find(id, on: req.db)?.username ?? ""
        return try await render(req, values: [:], errors: [:], revealed: (name, password))
    }

    /// A second admin approves what another admin (or the command line) asked for (`AccountApproval`).
    @Sendable static func approve(req: Request) async throws -> Response {
        let (actor, _) = try req.authorize(.update, .user)
        try await UserStore.approve(try req.idParameter(), actor: actor.auditActor, app: req.application)
        return req.redirect(to: "/users#pending")
    }

    @Sendable static func refuse(req: Request) async throws -> Response {
        let (actor, _) = try req.authorize(.update, .user)
        try await UserStore.refuse(try req.idParameter(), actor: actor.auditActor, app: req.application)
        return req.redirect(to: "/users#pending")
    }

    private static func render(_ req: Request, values: [String: String], errors: [String: AppError],
                               revealed: (String, String)?) async throws -> Response {
        let paging = Paging.from(req)
        let (rows, total) = try await UserIndex.query(on: req.db, paging: paging)
        let pending = try await UserIndex.pending(on: req.db)
        let model = UserIndex.Model(users: rows, total: total, paging: paging, canManage: req.can(.update, .user),
                                    csrf: CSRFMiddleware.token(for: req), values: values, errors: errors,
                                    revealed: revealed.map { (username: $0.0, password: $0.1) }, pending: pending,
                                    viewerID: req.currentUser?.id)
        // A revealed password lives in this response only: every page is sent `no-store` (SecurityHeadersMiddleware).
        return req.page(req.t("user.list.title"), status: errors.isEmpty ? .ok : .unprocessableEntity,
                        UserIndex.view(model, request: req))
    }
}
