import Fluent
import Foundation

/// Organisation references in import files — ids, or names and aliases in any language — resolved
/// against one read of the organisations table: a registry file of 10,000 rows reads it once, not
/// once (or twice) per row.
struct OrganizationResolver: Sendable {
    private var organizations: [Int: Organization] = [:]
    private var byName: [String: Int] = [:]

    static func load(on db: any Database) async throws -> OrganizationResolver {
        var resolver = OrganizationResolver()
        for organization in try await Organization.query(on: db).sort(\.$id).all() {
            guard let id = organization.id else { continue }
            resolver.organizations[id] = organization
            // The lowest id keeps a name two organisations share, as the per-row lookup did.
            for name in [organization.nameKy, organization.nameRu, organization.nameEn] + organization.aliasList
            where !name.isEmpty {
                let folded = Search.fold(name)
                if resolver.byName[folded] == nil { resolver.byName[folded] = id }
            }
        }
        return resolver
    }

    /// The organisation `reference` names, or nil (an empty reference names none).
    func resolve(_ reference: String) -> Organization? {
        let ref = reference.trimmingCharacters(in: .whitespaces)
        if ref.isEmpty { return nil }
        if let id = Int(ref), let organization = organizations[id] { return organization }
        return byName[Search.fold(ref)].flatMap { organizations[$0] }
    }
}
