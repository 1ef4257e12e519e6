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
        let paging = Paging.from(req)
        let action = String((req.query[String.self, at: "action"] ?? "").prefix(100))
        let (rows, total) = try await AuditIndex.query(on: req.db, action: action, paging: paging)
        let model = AuditIndex.Model(entries: rows, total: total, paging: paging, verification: verification,
                                     csrf: CSRFMiddleware.token(for: req), action: action)
        return req.page(req.t("audit.title"), AuditIndex.view(model, request: req))
    }
}
