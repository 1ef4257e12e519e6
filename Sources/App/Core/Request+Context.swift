import KaiguulCore
import Vapor

struct CurrentUserKey: StorageKey {
    typealias Value = CurrentUser
}

struct LanguageKey: StorageKey {
    typealias Value = Language
}

/// The signed-in person, as much of them as a request needs, loaded once per request.
struct CurrentUser: Sendable {
    var id: Int
    var username: String
    var displayName: String
    var role: Role
    var viaToken: Bool

    var auditActor: AuditActor { AuditActor(id: id, label: username) }
}

extension Request {
    var currentUser: CurrentUser? {
        get { storage[CurrentUserKey.self] }
        set { storage[CurrentUserKey.self] = newValue }
    }

    var language: Language {
        get { storage[LanguageKey.self] ?? .default }
        set { storage[LanguageKey.self] = newValue }
    }

    var t: Translator { Translator(language: language) }

    var isAPI: Bool { url.path.hasPrefix("/api/") }

    /// The signed-in user or a 401 (API) / redirect to login (pages, via ErrorMiddleware).
    func requireUser() throws -> CurrentUser {
        guard let user = currentUser else { throw AppError.unauthorized }
        return user
    }

    /// The one gate every controller passes through: asks `Permissions.decide` and refuses
    /// otherwise. Returns the scope so queries can narrow to own or assigned rows.
    @discardableResult
    func authorize(_ action: Action, _ resource: Resource) throws -> (CurrentUser, Scope) {
        let user = try requireUser()
        switch Permissions.decide(role: user.role, action: action, resource: resource) {
        case .allow(let scope): return (user, scope)
        case .deny: throw AppError.forbidden
        }
    }

    func can(_ action: Action, _ resource: Resource) -> Bool {
        guard let user = currentUser else { return false }
        return Permissions.decide(role: user.role, action: action, resource: resource).isAllowed
    }

    /// The client address used for lockouts, rate limits and the audit log (`ProxyTrust`).
    var clientAddress: String {
        kaiguul.proxyTrust.clientAddress(peer: remoteAddress?.ipAddress, forwardedFor: headers[.xForwardedFor])
    }
}
