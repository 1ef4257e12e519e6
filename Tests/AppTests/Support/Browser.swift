import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// A person at a browser: keeps cookies between requests and reads the CSRF token from pages,
/// so tests exercise the same forms a person submits.
final class Browser: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]
    var lastSetCookieHeaders: [String] = []

    init(_ app: Application) { self.app = app }

    struct Page {
        var status: HTTPResponseStatus
        var body: String
        var headers: HTTPHeaders
        /// The body as sent, for downloads that are not text.
        var bytes: Data
    }

    @discardableResult
    func get(_ path: String) async throws -> Page {
        try await send(.GET, path, body: nil)
    }

    /// Posts a form; `csrf: true` adds the session's token as a person's browser would.
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)], csrf: Bool = true) async throws -> Page {
        var all = fields
        if csrf { all.append(("_csrf", try await csrfToken())) }
        return try await send(.POST, path, body: Self.formEncode(all), contentType: .urlEncodedForm)
    }

    func postRaw(_ path: String, body: Data, contentType: HTTPMediaType) async throws -> Page {
        try await send(.POST, path, body: body, contentType: contentType)
    }

    func login(_ username: String, _ password: String = "correct-horse-battery", language: String? = nil) async throws -> Page {
        try await get("/login")
        let page = try await post("/login", [("username", username), ("password", password)])
        if let language { try await post("/language", [("lang", language), ("back", "/")]) }
        return page
    }

    /// The token the server put in the last form it rendered for this session.
    func csrfToken() async throws -> String {
        let page = try await get("/account")
        if let token = Self.extractCSRF(page.body) { return token }
        let login = try await get("/login")
        return Self.extractCSRF(login.body) ?? ""
    }

    static func extractCSRF(_ html: String) -> String? {
        guard let r = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
        let rest = html[r.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    static func formEncode(_ fields: [(String, String)]) -> Data {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = fields.map { k, v in
            (k.addingPercentEncoding(withAllowedCharacters: allowed) ?? "") + "="
                + (v.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        }.joined(separator: "&")
        return Data(body.utf8)
    }

    private func send(_ method: HTTPMethod, _ path: String, body: Data?, contentType: HTTPMediaType? = nil) async throws -> Page {
        var result: Page?
        try await app.testing().test(method, path, beforeRequest: { req in
            if !cookies.isEmpty {
                req.headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
            }
            if let contentType { req.headers.contentType = contentType }
            if let body { req.body = ByteBuffer(data: body) }
        }, afterResponse: { res in
            lastSetCookieHeaders = res.headers[.setCookie]
            for header in res.headers[.setCookie] {
                let pair = header.split(separator: ";").first ?? ""
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { continue }
                if header.lowercased().contains("expires=thu, 01 jan 1970") || header.lowercased().contains("max-age=0") {
                    cookies[parts[0]] = nil
                } else {
                    cookies[parts[0]] = parts[1]
                }
            }
            result = Page(status: res.status, body: res.body.string, headers: res.headers,
                          bytes: Data(res.body.readableBytesView))
        })
        guard let result else { throw TestFailure("no response") }
        return result
    }
}

/// Calls the JSON API with a bearer token.
struct APIClient {
    let app: Application
    let token: String?

    struct Reply {
        var status: HTTPResponseStatus
        var body: String
        var headers: HTTPHeaders
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]) ?? [:]
        }
    }

    func send(_ method: HTTPMethod, _ path: String, json: String? = nil, raw: Data? = nil) async throws -> Reply {
        var reply: Reply?
        try await app.testing().test(method, "/api/v1" + path, beforeRequest: { req in
            if let token { req.headers.bearerAuthorization = BearerAuthorization(token: token) }
            if let json {
                req.headers.contentType = .json
                req.body = ByteBuffer(string: json)
            }
            if let raw {
                req.headers.contentType = .json
                req.body = ByteBuffer(data: raw)
            }
        }, afterResponse: { res in
            reply = Reply(status: res.status, body: res.body.string, headers: res.headers)
        })
        guard let reply else { throw TestFailure("no response") }
        return reply
    }
}
