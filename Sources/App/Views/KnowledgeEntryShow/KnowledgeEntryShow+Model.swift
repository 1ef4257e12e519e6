import Fluent
import KaiguulCore
import Vapor

enum KnowledgeEntryShow {
    struct Model {
        var organization: Organization
        /// The version on the page: the one asked for, else the approved one, else (staff) the latest.
        var entry: KnowledgeEntry?
        /// The approved version's number, if any.
        var currentVersion: Int?
        /// Every version, newest first; empty for a volunteer.
        var versions: [KnowledgeEntry]
        var indicators: [IndicatorRecord]
        var materials: [CounterMaterial]
        var symbols: [KnowledgeSymbol]
        var people: [Int: String]
        var onlyApproved: Bool
        var canCreate: Bool
        var canSubmit: Bool
        var canApprove: Bool
        var csrf: String
    }

    static func query(organizationID: Int, version: Int?, user: CurrentUser, csrf: String, on db: any Database) async throws -> Model? {
        guard let org = try await Organization.find(organizationID, on: db) else { return nil }
        let onlyApproved = KnowledgeBase.seesOnlyApproved(user.role)
        let versions = onlyApproved ? [] : try await KnowledgeBase.versions(organizationID: organizationID, on: db)
        let current = try await KnowledgeBase.current(organizationID: organizationID, on: db)
        let entry: KnowledgeEntry?
        if let version {
            // A volunteer asking for any version but the approved one gets the same answer as for one that does not exist.
            entry = onlyApproved ? (current?.version == version ? current : nil) : versions.first { $0.version == version }
            if entry == nil { return nil }
        } else {
            entry = current ?? versions.first
        }
        let content = entry?.content ?? KnowledgeContent()
        let indicators = content.exampleIndicatorIDs.isEmpty ? [] :
            try await IndicatorRecord.query(on: db).filter(\.$id ~~ content.exampleIndicatorIDs).all()
        let materials = content.counterMaterialIDs.isEmpty ? [] :
            try await CounterMaterial.query(on: db).filter(\.$id ~~ content.counterMaterialIDs).all()
        let symbols = try await KnowledgeSymbols.withIDs(content.symbolIDs, publicOnly: onlyApproved, on: db)
        let personIDs = Set(versions.flatMap { [$0.createdBy, $0.submittedBy, $0.decidedBy] }.compactMap { $0 })
        let people = personIDs.isEmpty ? [:] : Dictionary(
            try await User.query(on: db).filter(\.$id ~~ Array(personIDs)).all().map { ($0.id ?? 0, $0.username) },
            uniquingKeysWith: { first, _ in first })
        func can(_ action: Action) -> Bool { Permissions.decide(role: user.role, action: action, resource: .knowledge).isAllowed }
        return Model(organization: org, entry: entry, currentVersion: current?.version, versions: versions,
                     indicators: indicators, materials: materials, symbols: symbols, people: people,
                     onlyApproved: onlyApproved, canCreate: can(.create), canSubmit: can(.update), canApprove: can(.approve),
                     csrf: csrf)
    }
}
