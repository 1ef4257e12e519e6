import Fluent
import KaiguulCore
import Vapor

/// What the viewer may see, asked of `Permissions.decide`: the one rule a page follows when it builds
/// its model. A row, a count, a title or a link to another page is put in the model only when the
/// viewer may view the resource it comes from, and counts are narrowed to the viewer's scope, so a
/// page never tells a role what the role's own pages would refuse.
struct Visibility: Sendable {
    let user: CurrentUser?

    /// How far the viewer may view `resource`; nil when not at all.
    func scope(_ resource: Resource) -> Scope? {
        guard let user, case .allow(let scope) = Permissions.decide(role: user.role, action: .view, resource: resource)
        else { return nil }
        return scope
    }

    /// Whether the viewer may view at least some rows of `resource`.
    func sees(_ resource: Resource) -> Bool { scope(resource) != nil }

    /// Whether the viewer may view every row of `resource` (and so system-wide figures about it).
    func seesAll(_ resource: Resource) -> Bool { scope(resource) == .all }

    /// The cases the viewer may see (`CaseQuery.base`), or nil when the viewer may see none.
    func cases(on db: any Database) -> QueryBuilder<CaseRecord>? {
        guard let user, sees(.case) else { return nil }
        return CaseQuery.base(on: db, user: user)
    }
}

extension Request {
    var visibility: Visibility { Visibility(user: currentUser) }
}
