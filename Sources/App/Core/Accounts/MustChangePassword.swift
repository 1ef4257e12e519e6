import Vapor

/// What an account that must change its password may still reach: the change form, logout, the
/// language switch and the static files those pages load. Everything else waits for the change.
enum MustChangePassword {
    static let formPath = "/account"

    static func allows(method: HTTPMethod, path: String) -> Bool {
        switch (method, path) {
        case (.GET, formPath), (.POST, "/account/password"), (.POST, "/logout"), (.POST, "/language"),
             (.GET, "/healthz"):
            return true
        default:
            return method == .GET && (path.hasPrefix("/static/") || path.hasPrefix("/.well-known/"))
        }
    }
}
