import Vapor

/// Every state-changing form carries a CSRF token. The API is exempt: it takes no cookies, only
/// bearer tokens, so a foreign page cannot ride on a browser's credentials.
///
/// A signed-in person's token lives in their session. A visitor without a session (the login and
/// tip forms) gets it as a double-submit cookie instead, `SameSite=Strict` so a foreign page's
/// form never carries it: no session row is written for someone who only looks at a form.
struct CSRFMiddleware: AsyncMiddleware {
    static let field = "_csrf"
    static let cookie = "kaiguul_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let unsafe: [HTTPMethod] = [.POST, .PUT, .PATCH, .DELETE]
        if unsafe.contains(request.method), !request.isAPI, !Self.exempt(request.url.path) {
            // No route, no body read. Upload routes read theirs after authentication and CSRF
            // (`UploadMiddleware`); every other form is small.
            guard let route = request.route else { throw AppError.notFound }
            if route.userInfo[AnySendableHashable(UploadMiddleware.marker)] == nil {
                try await Self.verify(request)
            }
        }
        let response = try await next.respond(to: request)
        if let issued = request.storage[AnonymousTokenKey.self], request.cookies[Self.cookie]?.string != issued {
            response.cookies[Self.cookie] = HTTPCookies.Value(string: issued, path: "/",
                                                               isSecure: request.kaiguul.secureCookies,
                                                               isHTTPOnly: true, sameSite: .strict)
        }
        return response
    }

    private static func verify(_ request: Request) async throws {
        let expected = expectedTokens(request)
        // A request that cannot pass is refused before its body is read.
        guard !expected.isEmpty else { throw AppError.csrf }
        _ = try await request.body.collect(max: bodyLimit(for: request)).get()
        let given = (try? request.content.get(String.self, at: field)) ?? request.headers.first(name: "X-CSRF-Token")
        guard let given, expected.contains(where: { Token.constantTimeEqual($0, given) }) else {
            throw AppError.csrf
        }
    }

    /// The session's token; for a visitor who is not signed in, also the anonymous cookie's.
    private static func expectedTokens(_ request: Request) -> [String] {
        var tokens: [String] = []
        if request.hasSession, let token = request.session.data["csrf"] { tokens.append(token) }
        if request.currentUser == nil, let token = anonymousCookie(request) { tokens.append(token) }
        return tokens
    }

    /// Forms are small; a signed-in person's pasted or uploaded indicator CSV has its own bound
    /// (form encoding may double it).
    static func bodyLimit(for request: Request) -> Int {
        if request.url.path == "/indicators/import", request.currentUser != nil { return IndicatorImport.maxBytes * 2 }
        return 1_048_576
    }

    /// Tracked short links are followed, never posted; nothing else is exempt.
    static func exempt(_ path: String) -> Bool { false }

    /// The token for the forms of this page: the session's (created on first use) for someone
    /// with a session, otherwise the visitor's anonymous cookie, issued with this response.
    static func token(for request: Request) -> String {
        if request.hasSession || request.currentUser != nil {
            if let existing = request.session.data["csrf"] { return existing }
            let token = Token.random(bytes: 32)
            request.session.data["csrf"] = token
            return token
        }
        if let issued = request.storage[AnonymousTokenKey.self] { return issued }
        let token = anonymousCookie(request) ?? Token.random(bytes: 32)
        request.storage[AnonymousTokenKey.self] = token
        return token
    }

    /// The anonymous cookie when it looks like a token of ours (it is echoed into the page).
    private static func anonymousCookie(_ request: Request) -> String? {
        guard let value = request.cookies[cookie]?.string, (32...128).contains(value.utf8.count),
              value.utf8.allSatisfy({ $0.isASCIIAlnum || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") })
        else { return nil }
        return value
    }
}

private struct AnonymousTokenKey: StorageKey {
    typealias Value = String
}

private extension UInt8 {
    var isASCIIAlnum: Bool {
        (0x30...0x39).contains(self) || (0x41...0x5a).contains(self) || (0x61...0x7a).contains(self)
    }
}
