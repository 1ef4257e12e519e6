import Fluent
import KaiguulCore
import Vapor

enum OrganizationShow {
    struct Model {
        var organization: Organization
        /// The organisation's watched sources; nil for a viewer who may not view sources (partner, expert).
        var sources: [Source]?
        var canEdit: Bool
    }

    static func query(id: Int, seen: Visibility, on db: any Database) async throws -> Model? {
        guard let org = try await Organization.find(id, on: db) else { return nil }
        let sources = seen.seesAll(.source)
            ? try await Source.query(on: db).filter(\.$organization.$id == id).sort(\.$id, .descending).limit(50).all()
            : nil
        return Model(organization: org, sources: sources, canEdit: seen.user.map {
            Permissions.decide(role: $0.role, action: .update, resource: .organization).isAllowed
        } ?? false)
    }
}
