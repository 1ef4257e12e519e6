import Detection
import Fluent
import Vapor

/// The indicator registry's pages: list, add, edit, retire, and CSV import with a dry run.
enum IndicatorController {
    @Sendable static func index(req: Request) async throws -> Response {
        try req.authorize(.view, .indicator)
        let filters = IndicatorIndex.Filters.from(req)
        let paging = Paging.from(req)
        let (rows, total) = try await IndicatorIndex.query(on: req.db, filters: filters, paging: paging, language: req.language)
        let model = IndicatorIndex.Model(
            rows: rows, total: total, filters: filters, paging: paging,
            organizations: try await IndicatorIndex.organizations(on: req.db, language: req.language),
            canEdit: req.can(.update, .indicator), csrf: CSRFMiddleware.token(for: req))
        return req.page(req.t("indicator.list.title"), IndicatorIndex.view(model, request: req))
    }

    @Sendable static func new(req: Request) async throws -> Response {
        try req.authorize(.create, .indicator)
        let preset = req.query[String.self, at: "organization_id"]
        return try await form(req, action: "/indicators", title: req.t("indicator.new"),
                              values: .init(organization_id: preset, weight: "1"), errors: [:])
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.create, .indicator)
        let raw = try req.input(IndicatorInput.Raw.self)
        do {
            _ = try await IndicatorStore.create(try IndicatorInput.validate(raw), actor: user.auditActor, app: req.application)
        } catch let e as FormErrors {
            return try await form(req, action: "/indicators", title: req.t("indicator.new"), values: raw, errors: e.errors)
        }
        return req.redirect(to: "/indicators", flash: "flash.indicator_saved")
    }

    @Sendable static func edit(req: Request) async throws -> Response {
        try req.authorize(.update, .indicator)
        let id = try req.idParameter()
        guard let row = try await IndicatorRecord.find(id, on: req.db) else { throw AppError.notFound }
        return try await form(req, action: "/indicators/\(id)", title: req.t("indicator.edit"),
                              values: IndicatorForm.values(from: row), errors: [:])
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .indicator)
        let id = try req.idParameter()
        let raw = try req.input(IndicatorInput.Raw.self)
        do {
            try await IndicatorStore.update(id: id, try IndicatorInput.validate(raw), actor: user.auditActor,
                                            app: req.application)
        } catch let e as FormErrors {
            return try await form(req, action: "/indicators/\(id)", title: req.t("indicator.edit"), values: raw,
                                  errors: e.errors)
        }
        return req.redirect(to: "/indicators", flash: "flash.indicator_saved")
    }

    @Sendable static func retire(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.delete, .indicator)
        try await IndicatorStore.retire(id: try req.idParameter(), actor: user.auditActor, app: req.application)
        return req.redirect(to: "/indicators")
    }

    @Sendable static func importForm(req: Request) async throws -> Response {
        try req.authorize(.create, .indicator)
        return importPage(req, .init(csv: "", preview: nil, refused: false, fileError: nil,
                                     csrf: CSRFMiddleware.token(for: req)))
    }

    struct ImportForm: Content {
        var csv: String?
        var file: File?
        var dry_run: String?
    }

    /// A dry run reports what would be added and every row's problem and writes nothing; the import
    /// writes every row or, when any row is wrong, nothing (and shows the same report).
    @Sendable static func importFile(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.create, .indicator)
        let input = try req.content.decode(ImportForm.self)
        let pasted = input.csv ?? ""
        var model = IndicatorImport.Model(csv: pasted, preview: nil, refused: false, fileError: nil,
                                          csrf: CSRFMiddleware.token(for: req))
        let data = input.file.flatMap { $0.data.readableBytes > 0 ? Data($0.data.readableBytesView) : nil }
            ?? Data(pasted.utf8)
        if data.isEmpty || data.count > IndicatorImport.maxBytes {
            model.fileError = data.isEmpty ? .invalid("csv", "error.required")
                : .invalid("csv", "error.too_long", ["max": String(IndicatorImport.maxBytes)])
            return importPage(req, model, status: .unprocessableEntity)
        }
        let report = RegistryImport.indicators(from: data)
        if input.dry_run?.isEmpty == false {
            model.preview = try await IndicatorImportPreview.make(report, language: req.language, on: req.db)
            return importPage(req, model)
        }
        let added: Int
        do {
            added = try await RegistryImportStore.importIndicators(report, actor: user.auditActor, app: req.application)
        } catch is RegistryImportStore.Unresolved, is RegistryImportStore.Refused {
            model.preview = try await IndicatorImportPreview.make(report, language: req.language, on: req.db)
            model.refused = true
            return importPage(req, model, status: .unprocessableEntity)
        }
        return req.redirect(to: "/indicators", flash: "flash.indicators_imported", ["count": String(added)])
    }

    private static func importPage(_ req: Request, _ model: IndicatorImport.Model,
                                   status: HTTPResponseStatus = .ok) -> Response {
        req.page(req.t("indicator.import.title"), status: status, IndicatorImport.view(model, request: req))
    }

    private static func form(_ req: Request, action: String, title: String, values: IndicatorInput.Raw,
                             errors: [String: AppError]) async throws -> Response {
        let model = IndicatorForm.Model(
            action: action, title: title, values: values, errors: errors,
            organizations: try await IndicatorIndex.organizations(on: req.db, language: req.language),
            csrf: CSRFMiddleware.token(for: req))
        return req.page(title, status: errors.isEmpty ? .ok : .unprocessableEntity, IndicatorForm.view(model, request: req))
    }
}
