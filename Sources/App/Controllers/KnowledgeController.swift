import Fluent
import Vapor

/// The staff's pages of an organisation's knowledge-base entry: the approved version, drafts and
/// versions awaiting legal, the history, the form for a new version and legal's decision.
enum KnowledgeController {
    static func register(_ app: Application) {
        app.get("organizations", ":id", "knowledge", use: show)
        app.get("organizations", ":id", "knowledge", "versions", ":version", use: show)
        app.get("organizations", ":id", "knowledge", "new", use: new)
        app.post("organizations", ":id", "knowledge", use: create)
        app.post("organizations", ":id", "knowledge", ":version", "submit", use: submit)
        app.post("organizations", ":id", "knowledge", ":version", "approve", use: approve)
        app.post("organizations", ":id", "knowledge", ":version", "reject", use: reject)
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.view, .knowledge)
        let id = try req.idParameter()
        let version = req.parameters.get("version") == nil ? nil : try req.idParameter("version")
        guard let model = try await KnowledgeEntryShow.query(organizationID: id, version: version, user: user,
                                                             csrf: CSRFMiddleware.token(for: req), on: req.db)
        else { throw AppError.notFound }
        return req.page(req.t("knowledge.title", ["name": model.organization.name(req.language)]),
                        KnowledgeEntryShow.view(model, request: req))
    }

    @Sendable static func new(req: Request) async throws -> Response {
        try req.authorize(.create, .knowledge)
        let id = try req.idParameter()
        // Pre-filled from the latest version, whatever its state: a rejected draft is what is to be corrected.
        let latest = try await KnowledgeBase.versions(organizationID: id, on: req.db).first
        return try await form(req, organizationID: id, values: KnowledgeEntryForm.values(from: latest?.content), errors: [:])
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.create, .knowledge)
        let id = try req.idParameter()
        let raw = try req.input(KnowledgeInput.Raw.self)
        do {
            let input = try KnowledgeInput.validate(raw)
            let written = try await KnowledgeStore.create(organizationID: id, input, by: user, app: req.application)
            return req.redirect(to: "/organizations/\(id)/knowledge/versions/\(written.version)",
                                flash: input.submit ? "flash.knowledge.submitted" : "flash.knowledge.saved",
                                ["version": String(written.version)])
        } catch let e as FormErrors {
            return try await form(req, organizationID: id, values: raw, errors: e.errors)
        }
    }

    @Sendable static func submit(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .knowledge)
        let (id, version) = try (req.idParameter(), req.idParameter("version"))
        try await KnowledgeStore.submit(organizationID: id, version: version, by: user, app: req.application)
        return req.redirect(to: "/organizations/\(id)/knowledge/versions/\(version)", flash: "flash.knowledge.submitted",
                            ["version": String(version)])
    }

    struct Decision: Content {
        var note: String?
    }

    @Sendable static func approve(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.approve, .knowledge)
        let (id, version) = try (req.idParameter(), req.idParameter("version"))
        let note = try decisionNote(req)
        try await KnowledgeStore.approve(organizationID: id, version: version, note: note, by: user, app: req.application)
        return req.redirect(to: "/organizations/\(id)/knowledge", flash: "flash.knowledge.approved", ["version": String(version)])
    }

    @Sendable static func reject(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.approve, .knowledge)
        let (id, version) = try (req.idParameter(), req.idParameter("version"))
        let note = try decisionNote(req)
        try await KnowledgeStore.reject(organizationID: id, version: version, note: note, by: user, app: req.application)
        return req.redirect(to: "/organizations/\(id)/knowledge/versions/\(version)", flash: "flash.knowledge.rejected",
                            ["version": String(version)])
    }

    private static func decisionNote(_ req: Request) throws -> String {
        var errors: [String: AppError] = [:]
        let note = FieldRules.text(try req.input(Decision.self).note, field: "note", max: 4_000, into: &errors)
        if let error = errors["note"] { throw error }
        return note
    }

    private static func form(_ req: Request, organizationID: Int, values: KnowledgeInput.Raw,
                             errors: [String: AppError]) async throws -> Response {
        guard let model = try await KnowledgeEntryForm.query(organizationID: organizationID, values: values, errors: errors,
                                                             csrf: CSRFMiddleware.token(for: req), on: req.db)
        else { throw AppError.notFound }
        let title = req.t("knowledge.new", ["name": model.organization.name(req.language)])
        return req.page(title, status: errors.isEmpty ? .ok : .unprocessableEntity, KnowledgeEntryForm.view(model, request: req))
    }
}
