import Fluent
import KaiguulCore
import Vapor

/// A captured page viewed as it was served: our page with the banner, and the archived copy in a
/// sandboxed frame served from its own path under a policy that allows no script and no request out.
enum ArchivedViewController {
    /// What the archived copy may do in the browser: nothing but show itself and its inline images,
    /// and only inside our own page. (`sandbox` first: SecurityHeadersMiddleware keeps such a policy.)
    static let contentSecurityPolicy =
        "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'self'"

    @Sendable static func show(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.view, .capture)
        let id = try req.idParameter()
        try await EvidenceScope.check(.capture(id), user: user, on: req.db)
        guard let capture = try await Capture.find(id, on: req.db), capture.role != "media",
              !capture.isResourceRecord, ArchivedPage.isHTML(capture.contentType), capture.warcFile != nil
        else { throw AppError.notFound }
        let model = ArchivedView.Model(capture: capture, contentPath: "/captures/\(id)/archived/content",
                                       timestamp: .of(warcFile: capture.warcFile, app: req.application))
        return req.page(req.t("archived.title"), ArchivedView.view(model, request: req))
    }

    @Sendable static func content(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.view, .capture)
        let id = try req.idParameter()
        try await EvidenceScope.check(.capture(id), user: user, on: req.db)
        let page = try await ArchivedPage.load(captureID: id, app: req.application)
        // The copy itself leaves here (the banner page around it shows only its facts).
        try await Custody.record(
            .captureOpen, .capture(id), user: user, sha256: page.capture.payloadSHA256,
            more: Custody.digests(of: page.capture).merging(
                ["view": "archived", "inline_images": String(page.rewrittenImages)]) { a, _ in a },
            app: req.application)
        let response = Response(status: .ok, body: .init(string: page.html))
        response.headers.replaceOrAdd(name: .contentType, value: "text/html; charset=utf-8")
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: contentSecurityPolicy)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }
}
