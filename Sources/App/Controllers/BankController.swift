import Fluent
import KaiguulCore
import Vapor

enum BankController {
    @Sendable static func index(req: Request) async throws -> Response {
        try req.authorize(.view, .hashBank)
        return try await render(req)
    }

    struct SettingsForm: Content {
        var enabled: String?
        var pdq_distance: String?
    }

    @Sendable static func settings(req: Request) async throws -> Response {
        let (actor, _) = try req.authorize(.update, .hashBank)
        let bankID = try req.idParameter()
        let form = try req.input(SettingsForm.self)
        do {
            try await BankStore.updateSettings(bankID, enabled: form.enabled == "true", pdqDistance: form.pdq_distance,
                                               actor: actor.auditActor, app: req.application)
            return req.redirect(to: "/banks#bank-\(bankID)")
        } catch let error as AppError where error.field == "pdq_distance" {
            return try await render(req, errors: ["pdq_distance": error], errorBank: bankID)
        }
    }

    @Sendable static func release(req: Request) async throws -> Response {
        let (actor, _) = try req.authorize(.update, .hashBank)
        try await BankStore.releaseHold(try req.idParameter(), actor: actor.auditActor, app: req.application)
        return req.redirect(to: "/banks#holds")
    }

    struct RevokeForm: Content {
        var reason: String?
    }

    @Sendable static func revoke(req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard BankIndex.mayRevoke(user.role) else { throw AppError.forbidden }
        let materialID = try req.idParameter()
        let form = try req.input(RevokeForm.self)
        do {
            try await BankStore.revokeMaterial(materialID, reason: form.reason, actor: user.auditActor, app: req.application)
            return req.redirect(to: "/banks#materials")
        } catch let error as AppError where error.field == "reason" {
            return try await render(req, errors: ["reason": error], errorBank: -materialID)
        }
    }

    struct FeedbackForm: Content {
        var verdict: String?
        var note: String?
    }

    @Sendable static func feedback(req: Request) async throws -> Response {
        let (actor, _) = try req.authorize(.update, .hashBank)
        let form = try req.input(FeedbackForm.self)
        let itemID = try await BankStore.recordFeedback(signalID: try req.idParameter(), verdict: form.verdict,
                                                        note: form.note, actor: actor.auditActor, app: req.application)
        return req.redirect(to: "/items/\(itemID)#bank-feedback")
    }

    @Sendable static func exportTCAP(req: Request) async throws -> Response {
        let (actor, _) = try req.authorize(.export, .hashBank)
        let bankID = try req.idParameter()
        guard try await HashBank.find(bankID, on: req.db) != nil else { throw AppError.notFound }
        let data = try await BankExport.tcap(bankID: bankID, on: req.db)
        try await audit(req, actor: actor, bankID: bankID, format: "tcap")
        return download(data, type: "application/json", name: "bank-\(bankID).json")
    }

    @Sendable static func exportFeedbackCSV(req: Request) async throws -> Response {
        try await feedbackExport(req, json: false)
    }

    @Sendable static func exportFeedbackJSON(req: Request) async throws -> Response {
        try await feedbackExport(req, json: true)
    }

    static func feedbackExport(_ req: Request, json: Bool) async throws -> Response {
        let (actor, _) = try req.authorize(.export, .hashBank)
        let bankID = try req.idParameter()
        guard try await HashBank.find(bankID, on: req.db) != nil else { throw AppError.notFound }
        let text = try await BankStore.feedbackExport(bankID, json: json, on: req.db)
        try await audit(req, actor: actor, bankID: bankID, format: json ? "feedback_json" : "feedback_csv")
        return download(Data(text.utf8), type: json ? "application/json" : "text/csv; charset=utf-8",
                        name: "bank-\(bankID)-feedback.\(json ? "json" : "csv")")
    }

    static func audit(_ req: Request, actor: CurrentUser, bankID: Int, format: String) async throws {
        let actor = actor.auditActor
        _ = try await req.write { db in
            try await AuditLog.append(on: db, actor: actor, action: "hash_bank.export", objectType: "hash_bank",
                                      objectID: String(bankID), details: ["format": format])
        }
    }

    static func download(_ data: Data, type: String, name: String) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "octet-stream")
        headers.replaceOrAdd(name: .contentType, value: type)
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name)\"")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    private static func render(_ req: Request, errors: [String: AppError] = [:], errorBank: Int? = nil) async throws -> Response {
        let model = try await BankIndex.load(req, errors: errors, errorBank: errorBank)
        return req.page(req.t("banks.title"), status: errors.isEmpty ? .ok : .unprocessableEntity,
                        BankIndex.view(model, request: req))
    }
}
