import Fluent
import KaiguulCore
import Vapor

/// Finds who is asking: a bearer token on `/api/v1`, the session everywhere else. Also settles
/// the language: the user's choice, then the `lang` cookie, then Accept-Language.
///
/// An account waiting for a second admin (`AccountApproval`) is nobody here. An account that must
/// change its password reaches only the change form, logout and what the form needs
/// (`MustChangePassword.allows`): pages are sent to `/account`, the API answers 403 naming `password`.
struct CurrentUserMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        var mustChange = false
        if request.isAPI {
            if let bearer = request.headers.bearerAuthorization?.token {
                guard let found = try await Self.account(forToken: bearer, on: request) else {
                    throw AppError(status: .unauthorized, message: "error.bad_token")
                }
                request.currentUser = found.user
                mustChange = found.mustChange
            }
        } else if request.hasSession, let raw = request.session.data["uid"], let id = Int(raw) {
            if let user = try await User.find(id, on: request.db), !user.disabled, !user.isAwaitingApproval,
               let role = user.role, let uid = user.id {
                request.currentUser = CurrentUser(id: uid, username: user.username, displayName: user.displayName,
                                                  role: role, viaToken: false)
                request.language = Language(rawValue: user.language) ?? .default
                mustChange = user.mustChangePassword
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
        if mustChange, !MustChangePassword.allows(method: request.method, path: request.url.path) {
            if request.isAPI {
                throw AppError(status: .forbidden, message: "account.error.must_change_password", field: "password")
            }
            return request.redirect(to: MustChangePassword.formPath)
        }
        return try await next.respond(to: request)
    }

    private static func account(forToken token: String, on request: Request) async throws
        -> (user: CurrentUser, mustChange: Bool)?
    {
        guard token.count <= 200 else { return nil }
        let hash = Token.sha256Hex(token)
        guard let record = try await ApiToken.query(on: request.db).filter(\.$tokenHash == hash)
            .filter(\.$revokedAt == nil).with(\.$user).first(),
            !record.user.disabled, !record.user.isAwaitingApproval, let role = record.user.role,
            let uid = record.user.id
        else { return nil }
        // Last use is informative only; a lost update under load is harmless.
        if record.lastUsedAt.map({ Date().timeIntervalSince($0) > 60 }) ?? true {
            record.lastUsedAt = Date()
            try? await record.update(on: request.db)
        }
        let user = CurrentUser(id: uid, username: record.user.username, displayName: record.user.displayName,
                               role: role, viaToken: true)
        return (user, record.user.mustChangePassword)
    }
}
