import Vapor

enum AuditController {
    @Sendable static func index(req: Request) async throws -> Response {
        try req.authorize(.view, .auditLog)
        return try await render(req, verification: nil)
    }

    @Sendable static func verify(req: Request) async throws -> Response {
        try req.authorize(.view, .auditLog)
        // The same check as `kaiguul audit verify`: the chain and every signed checkpoint.
        let report = try await AuditVerifier.verify(app: req.application)
        return try await render(req, verification: report)
    }

    private static func render(_ req: Request, verification: AuditVerificationReport?) async throws -> Response {
        let list = ListQuery.read(req, AuditIndex.filters, search: false)
        // A refused filter lists nothing: the banner names it, and the whole log is never passed off as filtered.
        let (rows, total) = list.isValid ? try await AuditIndex.query(on: req.db, list: list) : ([], 0)
        let model = AuditIndex.Model(entries: rows, total: total, list: list, verification: verification,
                                     csrf: CSRFMiddleware.token(for: req))
        return req.page(req.t("audit.title"), status: list.status, AuditIndex.view(model, request: req))
    }
}
