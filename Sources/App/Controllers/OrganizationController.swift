import Fluent
import Vapor

enum OrganizationController {
    @Sendable static func index(req: Request) async throws -> Response {
        try req.authorize(.view, .organization)
        let filters = OrganizationIndex.Filters(
            q: String((req.query[String.self, at: "q"] ?? "").prefix(200)),
            designation: req.query[String.self, at: "designation"] ?? "",
            status: req.query[String.self, at: "status"] ?? "")
        let paging = Paging.from(req)
        let (rows, total) = try await OrganizationIndex.query(on: req.db, filters: filters, paging: paging)
        let model = OrganizationIndex.Model(organizations: rows, total: total, filters: filters, paging: paging,
                                            canCreate: req.can(.create, .organization))
        return req.page(req.t("org.list.title"), OrganizationIndex.view(model, request: req))
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try req.authorize(.view, .organization)
        guard let model = try await OrganizationShow.query(id: try req.idParameter(), seen: req.visibility, on: req.db)
        else { throw AppError.notFound }
        return req.page(model.organization.name(req.language), OrganizationShow.view(model, request: req))
    }

    @Sendable static func new(req: Request) async throws -> Response {
        try req.authorize(.create, .organization)
        return form(req, action: "/organizations", title: req.t("org.new"),
                    values: .init(designation: "extremist", status: "banned"), errors: [:])
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.create, .organization)
        let raw = try req.input(OrganizationInput.Raw.self)
        let input: OrganizationInput
        do { input = try OrganizationInput.validate(raw) } catch let e as FormErrors {
            return form(req, action: "/organizations", title: req.t("org.new"), values: raw, errors: e.errors)
        }
        let id = try await OrganizationStore.create(input, actor: user.auditActor, app: req.application)
        return req.redirect(to: "/organizations/\(id)", flash: "flash.organization_saved")
    }

    @Sendable static func edit(req: Request) async throws -> Response {
        try req.authorize(.update, .organization)
        let id = try req.idParameter()
        guard let org = try await Organization.find(id, on: req.db) else { throw AppError.notFound }
        return form(req, action: "/organizations/\(id)", title: req.t("org.edit"),
                    values: OrganizationForm.values(from: org), errors: [:])
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .organization)
        let id = try req.idParameter()
        let raw = try req.input(OrganizationInput.Raw.self)
        let input: OrganizationInput
        do { input = try OrganizationInput.validate(raw) } catch let e as FormErrors {
            return form(req, action: "/organizations/\(id)", title: req.t("org.edit"), values: raw, errors: e.errors)
        }
        try await OrganizationStore.update(id: id, input, actor: user.auditActor, app: req.application)
        return req.redirect(to: "/organizations/\(id)", flash: "flash.organization_saved")
    }

    private static func form(_ req: Request, action: String, title: String, values: OrganizationInput.Raw,
                             errors: [String: AppError]) -> Response {
        let model = OrganizationForm.Model(action: action, title: title, values: values, errors: errors,
                                           csrf: CSRFMiddleware.token(for: req))
        return req.page(title, status: errors.isEmpty ? .ok : .unprocessableEntity, OrganizationForm.view(model, request: req))
    }
}
