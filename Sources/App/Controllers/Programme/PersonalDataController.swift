import Fluent
import KaiguulCore
import Vapor

/// A person's access to their data and its erasure, and the two-person export of the volunteer list.
/// Thin: every rule lives in `PersonalDataExport`, `ErasureRequestStore` and `VolunteerListExport`.
enum PersonalDataController {
    static func register(_ app: Application) {
        app.get("me", "data", use: mine)
        app.get("me", "data.json", use: mineJSON)
        app.post("me", "erasure", use: askMine)
        app.get("volunteers", ":id", "data", use: theirs)
        app.get("volunteers", ":id", "data.json", use: theirsJSON)
        app.post("volunteers", ":id", "erasure", use: askTheirs)
        app.get("erasure-requests", use: worklist)
        app.post("erasure-requests", ":id", "confirm", use: confirm)
        app.post("erasure-requests", ":id", "decline", use: decline)
        app.get("volunteer-exports", use: exports)
        app.post("volunteer-exports", use: requestExport)
        app.post("volunteer-exports", ":id", "approve", use: approveExport)
        app.post("volunteer-exports", ":id", "decline", use: declineExport)
        // POST: the file can be had once, so a link prefetched or opened twice must not spend it.
        app.post("volunteer-exports", ":id", "download", use: downloadExport)
    }

    struct ReasonForm: Content {
        var reason: String?
    }

    struct NoteForm: Content {
        var note: String?
    }

    // MARK: access

    @Sendable static func mine(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.view, .personalData)
        guard let v = try await ownRecord(req, user) else {
            return req.page(req.t("personal_data.title"), PersonalData.notLinked(request: req))
        }
        return try await renderPage(req, user: user, id: try v.requireID(), mine: true, errors: [:], values: [:])
    }

    @Sendable static func mineJSON(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.view, .personalData)
        guard let v = try await ownRecord(req, user) else { throw AppError.notFound }
        return try await download(req, user: user, id: try v.requireID())
    }

    @Sendable static func theirs(req: Request) async throws -> Response {
        let (user, v) = try await target(req, .view)
        return try await renderPage(req, user: user, id: try v.requireID(), mine: v.userID == user.id,
                                    errors: [:], values: [:])
    }

    @Sendable static func theirsJSON(req: Request) async throws -> Response {
        let (user, v) = try await target(req, .view)
        return try await download(req, user: user, id: try v.requireID())
    }

    // MARK: erasure

    @Sendable static func askMine(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .personalData)
        guard let v = try await ownRecord(req, user) else { throw AppError.notFound }
        return try await ask(req, user: user, id: try v.requireID(), mine: true)
    }

    @Sendable static func askTheirs(req: Request) async throws -> Response {
        let (user, v) = try await target(req, .update)
        return try await ask(req, user: user, id: try v.requireID(), mine: v.userID == user.id)
    }

    @Sendable static func worklist(req: Request) async throws -> Response {
        try req.authorize(.delete, .personalData)
        return try await renderWorklist(req, errors: [:])
    }

    @Sendable static func confirm(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.delete, .personalData)
        let id = try req.idParameter()
        let note = String((try req.input(NoteForm.self).note ?? "").prefix(4 * ErasureRequest.maxText))
        do {
            try await ErasureRequestStore.confirm(id, note: note, actor: user.auditActor, app: req.application)
        } catch let e as AppError where e.field != nil {
            return try await renderWorklist(req, errors: [e.field!: e])
        }
        return req.redirect(to: "/erasure-requests", flash: "flash.personal_data.erased")
    }

    @Sendable static func decline(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.delete, .personalData)
        let id = try req.idParameter()
        let note = String((try req.input(NoteForm.self).note ?? "").prefix(4 * ErasureRequest.maxText))
        do {
            try await ErasureRequestStore.decline(id, note: note, actor: user.auditActor, app: req.application)
        } catch let e as AppError where e.field != nil {
            return try await renderWorklist(req, errors: [e.field!: e])
        }
        return req.redirect(to: "/erasure-requests", flash: "flash.personal_data.declined")
    }

    // MARK: the volunteer list with contacts

    @Sendable static func exports(req: Request) async throws -> Response {
        try req.authorize(.export, .personalData)
        return try await renderExports(req, values: [:], errors: [:])
    }

    @Sendable static func requestExport(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.export, .personalData)
        let reason = String((try req.input(ReasonForm.self).reason ?? "").prefix(4 * VolunteerExport.maxReason))
        do {
            _ = try await VolunteerListExport.request(reason: reason, actor: user.auditActor, app: req.application)
        } catch let e as AppError where e.field != nil {
            return try await renderExports(req, values: ["reason": reason], errors: [e.field!: e])
        }
        return req.redirect(to: "/volunteer-exports", flash: "flash.personal_data.export_requested")
    }

    @Sendable static func approveExport(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.approve, .personalData)
        try await VolunteerListExport.decide(try req.idParameter(), approve: true, actor: user.auditActor, app: req.application)
        return req.redirect(to: "/volunteer-exports", flash: "flash.personal_data.export_approved")
    }

    @Sendable static func declineExport(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.approve, .personalData)
        try await VolunteerListExport.decide(try req.idParameter(), approve: false, actor: user.auditActor, app: req.application)
        return req.redirect(to: "/volunteer-exports", flash: "flash.personal_data.export_declined")
    }

    @Sendable static func downloadExport(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.export, .personalData)
        let id = try req.idParameter()
        let (csv, _) = try await VolunteerListExport.download(id, actor: user.auditActor, app: req.application, t: req.t)
        let response = Response(status: .ok, body: .init(string: csv))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"kaiguul-volunteers-\(id).csv\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    // MARK: helpers

    private static func ownRecord(_ req: Request, _ user: CurrentUser) async throws -> Volunteer? {
        try await Volunteer.query(on: req.db).filter(\.$userID == user.id).first()
    }

    /// The record named in the path, if this user may act on it: a volunteer only on their own, and
    /// "not yours" and "no such record" answer alike so ids cannot be probed.
    private static func target(_ req: Request, _ action: Action) async throws -> (CurrentUser, Volunteer) {
        let (user, scope) = try req.authorize(action, .personalData)
        let v = try await Volunteer.find(try req.idParameter(), on: req.db)
        if scope == .own {
            guard let v, v.userID == user.id else { throw AppError.forbidden }
            return (user, v)
        }
        guard let v else { throw AppError.notFound }
        return (user, v)
    }

    private static func audit(_ req: Request, _ user: CurrentUser, id: Int, format: String) async throws {
        try await req.application.write { db in
            try await AuditLog.append(on: db, actor: user.auditActor, action: "personal_data.export",
                                      objectType: "volunteer", objectID: String(id), details: ["format": format])
        }
    }

    private static func download(_ req: Request, user: CurrentUser, id: Int) async throws -> Response {
        let export = try await PersonalDataExport.build(volunteerID: id, on: req.db, keyring: req.personalData,
                                                        language: req.language)
        let body = try export.json()
        try await audit(req, user, id: id, format: "json")
        let response = Response(status: .ok, body: .init(data: body))
        response.headers.contentType = .json
        response.headers.replaceOrAdd(name: .contentDisposition,
                                      value: "attachment; filename=\"kaiguul-personal-data-\(id).json\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    private static func ask(_ req: Request, user: CurrentUser, id: Int, mine: Bool) async throws -> Response {
        let reason = String((try req.input(ReasonForm.self).reason ?? "").prefix(4 * ErasureRequest.maxText))
        do {
            _ = try await ErasureRequestStore.ask(volunteerID: id, reason: reason, actor: user.auditActor,
                                                  app: req.application)
        } catch let e as AppError where e.field != nil {
            return try await renderPage(req, user: user, id: id, mine: mine, errors: [e.field!: e],
                                        values: ["reason": reason])
        }
        return req.redirect(to: mine && user.role == .volunteer ? "/me/data" : "/volunteers/\(id)/data",
                            flash: "flash.personal_data.asked")
    }

    private static func renderPage(_ req: Request, user: CurrentUser, id: Int, mine: Bool,
                                   errors: [String: AppError], values: [String: String]) async throws -> Response {
        let export = try await PersonalDataExport.build(volunteerID: id, on: req.db, keyring: req.personalData,
                                                        language: req.language)
        try await audit(req, user, id: id, format: "html")
        let selfService = mine && user.role == .volunteer
        let model = PersonalData.Model(
            export: export, selfService: selfService,
            base: selfService ? "/me" : "/volunteers/\(id)",
            canAsk: req.can(.update, .personalData) && export.erasedAt == nil
                && !export.erasureRequests.contains { $0.state == ErasureRequest.State.pending.rawValue },
            canDecide: req.can(.delete, .personalData),
            values: values, errors: errors, csrf: CSRFMiddleware.token(for: req))
        let response = req.page(req.t("personal_data.title"), status: errors.isEmpty ? .ok : errors.values.first?.status ?? .unprocessableEntity,
                                PersonalData.view(model, request: req))
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    private static func renderWorklist(_ req: Request, errors: [String: AppError]) async throws -> Response {
        let keyring = req.personalData
        let pending = try await ErasureRequestStore.pending(on: req.db, keyring: keyring)
        let volunteers = try await Volunteer.query(on: req.db).filter(\.$id ~~ pending.map(\.request.volunteerID)).all()
        let names = Dictionary(uniqueKeysWithValues: volunteers.map { ($0.id ?? 0, req.volunteerNames.name($0)) })
        let model = ErasureRequestIndex.Model(
            rows: pending.map { .init(opened: $0, volunteerName: names[$0.request.volunteerID] ?? "—") },
            usernames: try await usernames(pending.compactMap(\.request.requestedBy), on: req.db),
            errors: errors, csrf: CSRFMiddleware.token(for: req))
        return req.page(req.t("erasure_request.list.title"),
                        status: errors.isEmpty ? .ok : errors.values.first?.status ?? .unprocessableEntity,
                        ErasureRequestIndex.view(model, request: req))
    }

    private static func renderExports(_ req: Request, values: [String: String],
                                      errors: [String: AppError]) async throws -> Response {
        let user = try req.requireUser()
        let rows = try await VolunteerListExport.list(on: req.db)
        let model = VolunteerExportIndex.Model(
            rows: rows, usernames: try await usernames(rows.flatMap { [$0.requestedBy] + ($0.decidedBy.map { [$0] } ?? []) },
                                                       on: req.db),
            viewerID: user.id, canApprove: req.can(.approve, .personalData), values: values, errors: errors,
            csrf: CSRFMiddleware.token(for: req))
        return req.page(req.t("volunteer_export.title"),
                        status: errors.isEmpty ? .ok : errors.values.first?.status ?? .unprocessableEntity,
                        VolunteerExportIndex.view(model, request: req))
    }

    private static func usernames(_ ids: [Int], on db: any Database) async throws -> [Int: String] {
        guard !ids.isEmpty else { return [:] }
        return Dictionary(try await User.query(on: db).filter(\.$id ~~ Array(Set(ids))).all().map { ($0.id ?? 0, $0.username) },
                          uniquingKeysWith: { a, _ in a })
    }
}
