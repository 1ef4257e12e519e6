import Fluent
import KaiguulCore
import Vapor

/// The case pages: list, board, case page with its forms, uploads and downloads, block orders.
enum CaseController {
    @Sendable static func index(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.view, .case)
        return try await renderIndex(req, user: user)
    }

    private static func renderIndex(_ req: Request, user: CurrentUser) async throws -> Response {
        let regions = try await Region.query(on: req.db).sort(\.$id).all()
        let list = ListQuery.read(req, CaseQuery.listFilters(regions: regions.compactMap { $0.id.map(String.init) },
                                                             platforms: PlatformTable.all.map(\.id)))
        let filters = CaseQuery.Filters.from(list)
        // A refused filter lists nothing: the banner names it, and the whole list is never passed off as filtered.
        let (rows, total) = list.isValid
            ? try await CaseQuery.list(on: req.db, user: user, filters: filters, paging: list.paging) : ([], 0)
        let model = CaseIndex.Model(
            cases: rows, total: total, filters: filters, paging: list.paging,
            regions: regions,
            organizations: try await Organization.query(on: req.db).sort(\.$id).limit(500).all(),
            users: try await CaseIndex.staff(on: req.db), canCreate: req.can(.create, .case),
            csrf: CSRFMiddleware.token(for: req), list: list)
        return req.page(req.t("case.list.title"), status: list.status,
                        CaseIndex.view(model, request: req))
    }

    @Sendable static func board(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.view, .case)
        let columns = try await CaseBoard.query(on: req.db, user: user)
        return req.page(req.t("case.board.title"), CaseBoard.view(columns, request: req))
    }

    /// The create form on its own page (`/cases/new`).
    @Sendable static func newForm(req: Request) async throws -> Response {
        try req.authorize(.create, .case)
        return req.page(req.t("case.new"), CaseForm.view(try await CaseForm.load(req), request: req))
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.create, .case)
        let raw = try req.input(CaseInput.Raw.self)
        var errors: [String: AppError]
        do {
            let input = try CaseInput.validate(raw)
            let id = try await CaseStore.open(input, actor: .init(user), app: req.application)
            return req.redirect(to: "/cases/\(id)", flash: "flash.case_created", ["id": String(id)])
        } catch let e as FormErrors {
            errors = e.errors
        } catch let e as AppError where e.field != nil {
            errors = [e.field ?? "": e]
        }
        let model = try await CaseForm.load(req, values: raw, errors: errors)
        return req.page(req.t("case.new"), status: .unprocessableEntity, CaseForm.view(model, request: req))
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.view, .case)
        let model = try await CaseShow.load(id: try req.idParameter(), request: req, user: user)
        return req.page(model.record.title, CaseShow.view(model, request: req))
    }

    @Sendable static func transition(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .case)
        let id = try req.idParameter()
        _ = try await CaseQuery.find(id, on: req.db, user: user)
        let raw = try req.input(TransitionRequest.Raw.self)
        do {
            let request = try TransitionRequest.validate(raw)
            _ = try await CaseStore.transition(caseID: id, request, actor: .init(user), app: req.application)
            return req.redirect(to: "/cases/\(id)", flash: "flash.case_step")
        } catch let e as AppError where e.field != nil {
            return try await rerender(req, id: id, user: user, error: e, values: raw)
        } catch let refused as CaseStore.Refused {
            if refused.refusal.category == .hidden { throw AppError.notFound }
            let error = AppError(status: refused.status, message: RefusalResponse.key(refused.refusal.code),
                                 field: refused.field)
            return try await rerender(req, id: id, user: user, error: error, values: raw)
        } catch is CaseStore.Stale {
            let error = AppError(status: .conflict, message: "case.refusal.stale")
            return try await rerender(req, id: id, user: user, error: error, values: raw)
        }
    }

    private static func rerender(_ req: Request, id: Int, user: CurrentUser, error: AppError,
                                 values: TransitionRequest.Raw) async throws -> Response {
        let model = try await CaseShow.load(id: id, request: req, user: user, error: error, values: values)
        return req.page(model.record.title, status: error.status, CaseShow.view(model, request: req))
    }

    struct EvidenceForm: Content {
        var capture_ids: [String]?
        var note: String?
    }

    /// Attaches captures the analyst chose from those of the case's target and sources.
    @Sendable static func addEvidence(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .case)
        let id = try req.idParameter()
        _ = try await CaseQuery.find(id, on: req.db, user: user)
        let form = try req.input(EvidenceForm.self)
        do {
            let ids = try (form.capture_ids ?? []).prefix(EvidenceSelection.limit + 1).map { text -> Int in
                guard text.count <= 18, let value = Int(text), value > 0 else {
                    throw AppError.invalid("evidence", "error.unknown_value")
                }
                return value
            }
            try await CaseEvidenceStore.add(EvidenceSelection(captureIDs: ids), caseID: id,
                                            note: String((form.note ?? "").prefix(10_000)), actor: .init(user),
                                            app: req.application)
        } catch let e as AppError where e.field != nil {
            return try await rerender(req, id: id, user: user, error: e, values: .init())
        }
        return req.redirect(to: "/cases/\(id)#evidence", flash: "flash.evidence_added")
    }

    struct CaptureForm: Content {
        var note: String?
        /// `CaptureMode`: `http` (the default), `browser` or `video`.
        var mode: String?
    }

    /// Captures the case's target again now (fetched, read in a browser, or fetched as a video) and
    /// attaches the capture.
    @Sendable static func captureNow(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .case)
        let id = try req.idParameter()
        _ = try await CaseQuery.find(id, on: req.db, user: user)
        let form = try req.input(CaptureForm.self)
        let note = String((form.note ?? "").prefix(10_000))
        do {
            let given = (form.mode ?? "").trimmingCharacters(in: .whitespaces)
            guard let mode = given.isEmpty ? .http : CaptureMode(rawValue: given) else {
                throw AppError.invalid("capture", "error.unknown_value")
            }
            _ = try await CaseCapture.captureTarget(
                caseID: id, note: note, mode: mode, actor: .init(user), app: req.application)
        } catch let e as AppError where e.field != nil {
            return try await rerender(req, id: id, user: user, error: e, values: .init())
        }
        return req.redirect(to: "/cases/\(id)#evidence", flash: "flash.evidence_added")
    }

    struct CommentForm: Content {
        var text: String?
    }

    @Sendable static func comment(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .case)
        let id = try req.idParameter()
        _ = try await CaseQuery.find(id, on: req.db, user: user)
        let text = (try req.input(CommentForm.self).text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            return try await rerender(req, id: id, user: user, error: .invalid("text", "error.required"),
                                      values: .init())
        }
        try await CaseStore.comment(caseID: id, text: String(text.prefix(10_000)), actor: .init(user),
                                    app: req.application)
        return req.redirect(to: "/cases/\(id)#timeline", flash: "flash.comment_added")
    }

    struct AssignForm: Content {
        var assignee_id: String?
    }

    @Sendable static func assign(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.create, .case)
        let id = try req.idParameter()
        let raw = try req.input(AssignForm.self).assignee_id ?? ""
        let assignee = raw.isEmpty ? nil : Int(raw)
        if !raw.isEmpty && assignee == nil { throw AppError.invalid("assignee_id", "error.unknown_value") }
        try await CaseStore.assign(caseID: id, assigneeID: assignee, actor: .init(user), app: req.application)
        return req.redirect(to: "/cases/\(id)", flash: "flash.assigned")
    }

    @Sendable static func upload(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.create, .document)
        let id = try req.idParameter()
        let record = try await CaseQuery.find(id, on: req.db, user: user)
        do {
            let upload = try DocumentUpload.read(req)
            try upload.authorizeKind(req, on: record)
            _ = try await DocumentStore.store(upload.data, filename: upload.filename, kind: upload.kind, caseID: id,
                                              actor: .init(user), app: req.application)
        } catch let e as AppError where e.field != nil {
            return try await rerender(req, id: id, user: user, error: e, values: .init())
        }
        return req.redirect(to: "/cases/\(id)#evidence", flash: "flash.document_uploaded")
    }

    @Sendable static func download(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.view, .document)
        let (document, data) = try await DocumentStore.download(id: try req.idParameter(), actor: .init(user),
                                                                app: req.application)
        return DocumentUpload.response(document, data)
    }

    @Sendable static func blockOrders(req: Request) async throws -> Response {
        try req.authorize(.view, .blockOrder)
        let list = ListQuery.read(req, BlockOrderIndex.filters)
        let (rows, total) = list.isValid ? try await BlockOrderIndex.query(on: req.db, list: list) : ([], 0)
        return req.page(req.t("block_order.list.title"), status: list.status,
                        BlockOrderIndex.view(rows, total: total, list: list, request: req))
    }
}
