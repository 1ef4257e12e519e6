import Vapor

/// Every state-changing form carries the session's CSRF token. The API is exempt: it takes no
/// cookies, only bearer tokens, so a foreign page cannot ride on a browser's credentials.
struct CSRFMiddleware: AsyncMiddleware {
    static let field = "_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let unsafe: [HTTPMethod] = [.POST, .PUT, .PATCH, .DELETE]
        if unsafe.contains(request.method), !request.isAPI, !Self.exempt(request.url.path) {
            // The token is in the body, so the body is read here, within the route's size limit.
            _ = try await request.body.collect(max: Self.bodyLimit(for: request)).get()
            let expected = request.hasSession ? request.session.data["csrf"] : nil
            let given = (try? request.content.get(String.self, at: Self.field))
                ?? request.headers.first(name: "X-CSRF-Token")
            guard let expected, let given, Token.constantTimeEqual(expected, given) else {
                throw AppError.csrf
            }
        }
        return try await next.respond(to: request)
    }

    /// Uploads may be large; every other form is small.
    static func bodyLimit(for request: Request) -> Int {
        let path = request.url.path
        if path.hasSuffix("/documents") || path.hasSuffix("/upload") || path.hasSuffix("/files") {
            return request.kaiguul.uploadLimitBytes + 1_048_576
        }
        // A pasted or uploaded indicator CSV, within the import's own bound (form encoding may double it).
        if path == "/indicators/import" { return IndicatorImport.maxBytes * 2 }
        return 1_048_576
    }

    /// Tracked short links are followed, never posted; nothing else is exempt.
    static func exempt(_ path: String) -> Bool { false }

    /// The session's token, created on first use.
    static func token(for request: Request) -> String {
        if let existing = request.session.data["csrf"] { return existing }
        let token = Token.random(bytes: 32)
        request.session.data["csrf"] = token
        return token
    }
}
