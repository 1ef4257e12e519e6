import Foundation
import NIOCore
import Testing
import Vapor

@testable import App

/// A browser reaching the server from a given TCP peer address, directly or through a proxy
/// (then the proxy is the peer and adds `X-Forwarded-For`). Keeps cookies and the page's CSRF token.
final class PeerClient: @unchecked Sendable {
    let app: Application
    var peer: String
    var cookies: [String: String] = [:]
    var csrf = ""

    init(_ app: Application, peer: String) {
        self.app = app
        self.peer = peer
    }

    struct Reply {
        var status: HTTPResponseStatus
        var body: String
        var headers: HTTPHeaders
    }

    @discardableResult
    func get(_ path: String, forwardedFor: String? = nil) async throws -> Reply {
        try await send(.GET, path, forwardedFor: forwardedFor)
    }

    /// Posts a form with the token from the last page, as a browser would.
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)], forwardedFor: String? = nil) async throws -> Reply {
        let body = Browser.formEncode(fields + [("_csrf", csrf)])
        return try await send(.POST, path, forwardedFor: forwardedFor, body: body, contentType: .urlEncodedForm)
    }

    func send(_ method: HTTPMethod, _ path: String, forwardedFor: String? = nil, headers extra: HTTPHeaders = [:],
              body: Data? = nil, contentType: HTTPMediaType? = nil) async throws -> Reply {
        try await app.asyncBoot()
        var headers = extra
        if let forwardedFor { headers.add(name: .xForwardedFor, value: forwardedFor) }
        if !cookies.isEmpty {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        if let contentType { headers.contentType = contentType }
        let request = Request(application: app, method: method, url: URI(string: path), headers: headers,
                              collectedBody: body.map { ByteBuffer(data: $0) },
                              remoteAddress: try SocketAddress(ipAddress: peer, port: 40_000),
                              logger: app.logger, on: app.eventLoopGroup.next())
        let response = try await app.responder.respond(to: request).get()
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";").first ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            let gone = header.lowercased().contains("expires=thu, 01 jan 1970") || header.lowercased().contains("max-age=0")
            cookies[parts[0]] = gone ? nil : parts[1]
        }
        let text = response.body.string ?? ""
        if let token = Browser.extractCSRF(text), !token.isEmpty { csrf = token }
        return Reply(status: response.status, body: text, headers: response.headers)
    }
}
