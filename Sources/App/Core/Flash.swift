import Foundation
import Plot
import Vapor

/// The one-time confirmation shown on the page a save redirects to ("Saved."), so a person sees
/// that their work was kept. It is carried by the session when someone is signed in, and by a
/// short-lived cookie for visitors (the public tip form), because a visitor has no session row
/// and must not get one just to be told "thank you". The message is kept as a translation key
/// and its values and translated when shown, in the language of the page that shows it.
enum Flash {
    static let sessionKey = "flash"
    static let cookieName = "kaiguul_flash"
    /// Bounds what a cookie (which the visitor's browser could alter) may carry.
    static let maxValueLength = 200

    struct Message: Codable, Sendable, Equatable {
        var key: String
        var values: [String: String]
    }

    /// Keeps `key` for the next page this person sees. Keys start with `flash.`, so a tampered
    /// cookie can only ever name one of our own confirmations.
    static func set(_ req: Request, _ key: String, _ values: [String: String] = [:], on response: Response? = nil) {
        let message = Message(key: key, values: values)
        guard let encoded = encode(message) else { return }
        if req.currentUser != nil, !req.isAPI {
            req.session.data[sessionKey] = encoded
        } else if let response {
            response.cookies[cookieName] = HTTPCookies.Value(
                string: encoded, maxAge: 300, path: "/", isSecure: req.kaiguul.publicURL.hasPrefix("https://"),
                isHTTPOnly: true, sameSite: .lax)
        }
    }

    /// The message waiting for this request, removed so it shows once. The cookie is expired by
    /// `FlashMiddleware` on the way out, after the page that showed it was rendered.
    static func take(_ req: Request) -> Message? {
        if req.hasSession, let raw = req.session.data[sessionKey] {
            req.session.data[sessionKey] = nil
            return decode(raw)
        }
        if let raw = req.cookies[cookieName]?.string {
            req.storage[TakenKey.self] = true
            return decode(raw)
        }
        return nil
    }

    /// `<div id="flash" class="notice" role="status">` with the translated message, or nothing.
    static func node(_ req: Request) -> Node<HTML.BodyContext> {
        guard let message = take(req) else { return .empty }
        return .div(.id("flash"), .class("notice"), .attr("role", "status"), .txt(req.t(message.key, message.values)))
    }

    static func wasTaken(_ req: Request) -> Bool { req.storage[TakenKey.self] ?? false }

    private struct TakenKey: StorageKey { typealias Value = Bool }

    static func encode(_ message: Message) -> String? {
        guard let data = try? JSONEncoder().encode(message) else { return nil }
        return data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ raw: String) -> Message? {
        guard raw.count <= 4096 else { return nil }
        var text = raw.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text),
              let message = try? JSONDecoder().decode(Message.self, from: data),
              message.key.hasPrefix("flash."), message.key.count <= 100, message.values.count <= 10,
              message.values.allSatisfy({ $0.key.count <= 40 && $0.value.count <= maxValueLength })
        else { return nil }
        return message
    }
}

/// Expires the visitor's flash cookie once a page has shown it.
struct FlashMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        if Flash.wasTaken(request), response.cookies[Flash.cookieName] == nil {
            response.cookies[Flash.cookieName] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0),
                                                                  maxAge: 0, path: "/", isHTTPOnly: true,
                                                                  sameSite: .lax)
        }
        return response
    }
}

extension Request {
    /// A redirect after a save that tells the next page to confirm it (`flash.*` key).
    func redirect(to location: String, flash key: String, _ values: [String: String] = [:]) -> Response {
        let response = redirect(to: location)
        Flash.set(self, key, values, on: response)
        return response
    }
}
