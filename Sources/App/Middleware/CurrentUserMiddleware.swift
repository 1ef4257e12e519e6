import Fluent
import KaiguulCore
import Vapor

/// Finds who is asking: a bearer token on `/api/v1`, the session everywhere else. Also settles
/// the language: the user's choice, then the `lang` cookie, then Accept-Language.
struct CurrentUserMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.isAPI {
            if let bearer = request.headers.bearerAuthorization?.token {
                request.currentUser = try await Self.user(forToken: bearer, on: request)
                if request.currentUser == nil { throw AppError(status: .unauthorized, message: "error.bad_token") }
            }
        } else if request.hasSession, let raw = request.session.data["uid"], let id = Int(raw) {
            if let user = try await User.find(id, on: request.db), !user.disabled, let role = user.role, let uid = user.id {
                request.currentUser = CurrentUser(id: uid, username: user.username, displayName: user.displayName,
                                                  role: role, viaToken: false)
                request.language = Language(rawValue: user.language) ?? .default
            } else {
                request.session.destroy()
            }
        }
        if request.currentUser == nil || request.isAPI {
            if let cookie = request.cookies["lang"]?.string, let lang = Language(rawValue: cookie) {
                request.language = lang
            } else if request.currentUser == nil {
                request.language = Language.negotiate(request.headers.first(name: .acceptLanguage))
            }
        }
        return try await next.respond(to: request)
    }

    static func user(forToken token: String, on request: Request) async throws -> CurrentUser? {
        guard token.count <= 200 else { return nil }
        let hash = Token.sha256Hex(token)
        guard let record = try await ApiToken.query(on: request.db).filter(\.$tokenHash == hash)
            .filter(\.$revokedAt == nil).with(\.$user).first(),
            !record.user.disabled, let role = record.user.role, let uid = record.user.id
        else { return nil }
        // Last use is informative only; a lost update under load is harmless.
        if record.lastUsedAt.map({ Date().timeIntervalSince($0) > 60 }) ?? true {
            record.lastUsedAt = Date()
            try? await record.update(on: request.db)
        }
        return CurrentUser(id: uid, username: record.user.username, displayName: record.user.displayName,
                           role: role, viaToken: true)
    }
}
