import Fluent
import Vapor

enum SourceController {
    @Sendable static func index(req: Request) async throws -> Response {
        try req.authorize(.view, .source)
        let filters = SourceIndex.Filters(
            q: String((req.query[String.self, at: "q"] ?? "").prefix(200)),
            kind: req.query[String.self, at: "kind"] ?? "",
            region: req.query[String.self, at: "region"] ?? "",
            status: req.query[String.self, at: "status"] ?? "")
        let paging = Paging.from(req)
        let (rows, total) = try await SourceIndex.query(on: req.db, filters: filters, paging: paging)
        let regions = try await Region.query(on: req.db).sort(\.$id).all()
        var model = SourceIndex.Model(sources: rows, total: total, filters: filters, paging: paging, regions: regions,
                                      canCreate: req.can(.create, .source))
        // Item figures only for whoever may open every item (a legal officer opens items through cases).
        if req.visibility.seesAll(.item) {
            model.itemCounts = try await SourceTimeline.itemCounts(sourceIDs: rows.compactMap(\.id), on: req.db)
        }
        return req.page(req.t("source.list.title"), SourceIndex.view(model, request: req))
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try req.authorize(.view, .source)
        guard let source = try await SourceShow.query(id: try req.idParameter(), on: req.db) else { throw AppError.notFound }
        var model = SourceShow.Model(source: source, canEdit: req.can(.update, .source))
        if req.visibility.seesAll(.item) {
            model.itemCount = try await SourceTimeline.itemCounts(sourceIDs: [source.requireID()], on: req.db)
                .values.first ?? 0
        }
        return req.page(source.title.isEmpty ? source.address : source.title, SourceShow.view(model, request: req))
    }

    @Sendable static func new(req: Request) async throws -> Response {
        try req.authorize(.create, .source)
        return try await form(req, action: "/sources", title: req.t("source.new"),
                              values: .init(kind: "website", check_interval_minutes: "60", status: "active"), errors: [:])
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.create, .source)
        let raw = try req.input(SourceInput.Raw.self)
        do {
            let input = try SourceInput.validate(raw)
            let id = try await SourceStore.create(input, origin: .analyst, actor: user.auditActor, app: req.application)
            return req.redirect(to: "/sources/\(id)", flash: "flash.source_created", ["id": String(id)])
        } catch let e as FormErrors {
            return try await form(req, action: "/sources", title: req.t("source.new"), values: raw, errors: e.errors)
        } catch let e as AppError where e.field != nil {
            return try await form(req, action: "/sources", title: req.t("source.new"), values: raw, errors: [e.field!: e])
        } catch let d as SourceStore.Duplicate {
            return try await form(req, action: "/sources", title: req.t("source.new"), values: raw,
                                  errors: ["address": .invalid("address", "source.duplicate")], duplicateOf: d.existingID)
        }
    }

    @Sendable static func edit(req: Request) async throws -> Response {
        try req.authorize(.update, .source)
        let id = try req.idParameter()
        guard let source = try await Source.find(id, on: req.db) else { throw AppError.notFound }
        return try await form(req, action: "/sources/\(id)", title: req.t("source.edit"),
                              values: SourceForm.values(from: source), errors: [:])
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .source)
        let id = try req.idParameter()
        let raw = try req.input(SourceInput.Raw.self)
        let action = "/sources/\(id)"
        do {
            let input = try SourceInput.validate(raw)
            try await SourceStore.update(id: id, input, actor: user.auditActor, app: req.application)
            return req.redirect(to: action, flash: "flash.source_saved")
        } catch let e as FormErrors {
            return try await form(req, action: action, title: req.t("source.edit"), values: raw, errors: e.errors)
        } catch let e as AppError where e.field != nil {
            return try await form(req, action: action, title: req.t("source.edit"), values: raw, errors: [e.field!: e])
        } catch let d as SourceStore.Duplicate {
            return try await form(req, action: action, title: req.t("source.edit"), values: raw,
                                  errors: ["address": .invalid("address", "source.duplicate")], duplicateOf: d.existingID)
        }
    }

    private static func form(_ req: Request, action: String, title: String, values: SourceInput.Raw,
                             errors: [String: AppError], duplicateOf: Int? = nil) async throws -> Response {
        let regions = try await Region.query(on: req.db).sort(\.$id).all()
        let orgs = try await Organization.query(on: req.db).sort(\.$id).limit(500).all()
        let model = SourceForm.Model(action: action, title: title, values: values, errors: errors, duplicateOf: duplicateOf,
                                     regions: regions, organizations: orgs, csrf: CSRFMiddleware.token(for: req))
        let status: HTTPResponseStatus = duplicateOf != nil ? .conflict : (errors.isEmpty ? .ok : .unprocessableEntity)
        return req.page(title, status: status, SourceForm.view(model, request: req))
    }
}
