import Fluent
import Vapor

enum OrganizationShow {
    struct Model {
        var organization: Organization
        var sources: [Source]
        var canEdit: Bool
    }

    static func query(id: Int, on db: any Database) async throws -> Model? {
        guard let org = try await Organization.find(id, on: db) else { return nil }
        let sources = try await Source.query(on: db).filter(\.$organization.$id == id).sort(\.$id, .descending).limit(50).all()
        return Model(organization: org, sources: sources, canEdit: false)
    }
}
