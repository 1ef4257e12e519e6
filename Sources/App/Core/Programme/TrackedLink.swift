import Foundation
import Vapor

/// A distribution's tracked link as people pass it on: the full address (a relative `/l/CODE`
/// means nothing in a messenger chat), the ready message in the group's language, and the
/// WhatsApp link that opens with that message typed in.
enum TrackedLink {
    /// Characters a query value may carry unencoded (RFC 3986 "unreserved"). `urlQueryAllowed`
    /// is not enough: it leaves `&`, `=`, `+` and `#` alone, which would cut the message short.
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// The site's address: `KAIGUUL_PUBLIC_URL` when set, else the host the request came to.
    static func base(publicURL: String, host: String?) -> String {
        let configured = publicURL.trimmingCharacters(in: .whitespaces)
        if configured.hasPrefix("http://") || configured.hasPrefix("https://") {
            return String(configured.reversed().drop(while: { $0 == "/" }).reversed())
        }
        // The Host header is whatever the client sent: only a plain host[:port] is used.
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")
        if let host, !host.isEmpty, host.count <= 255, host.unicodeScalars.allSatisfy(allowed.contains) {
            return "http://" + host
        }
        return "http://localhost"
    }

    static func base(_ req: Request) -> String {
        base(publicURL: req.kaiguul.publicURL, host: req.headers.first(name: .host))
    }

    static func url(code: String, base: String) -> String { base + "/l/" + code }

    /// The message a coordinator pastes into the group's chat, in the group's language.
    static func message(title: String, url: String, language: Language) -> String {
        Translator(language: language)("distribution.message", ["title": title, "url": url])
    }

    /// `https://wa.me/?text=…`: WhatsApp's own share link, the message percent-encoded as UTF-8.
    static func whatsApp(_ message: String) -> String {
        "https://wa.me/?text=" + (message.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "")
    }
}
