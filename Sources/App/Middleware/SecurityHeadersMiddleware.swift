import Vapor

/// Headers that keep a page from being framed, sniffed or made to run foreign script: the
/// content-security policy allows only our own stylesheet and scripts. Behind an https public
/// address, browsers are also told never to come back over plain http (HSTS).
struct SecurityHeadersMiddleware: AsyncMiddleware {
    static let strictTransportSecurity = "max-age=31536000; includeSubDomains"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        // A sandboxed response that set its own policy (an archived page, shown in a frame of our
        // own page) keeps it; everything else gets the strict one and is never framed.
        let ownSandbox = response.headers.first(name: "Content-Security-Policy")?.hasPrefix("sandbox") == true
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: ownSandbox ? "SAMEORIGIN" : "DENY")
        if !ownSandbox { response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin") }
        if request.kaiguul.publicURL.lowercased().hasPrefix("https://") {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: Self.strictTransportSecurity)
        }
        if response.headers.contentType == .html && !ownSandbox {
            response.headers.replaceOrAdd(
                name: "Content-Security-Policy",
                value: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}
