import Fluent
import Foundation
import KaiguulCore

/// Reading the knowledge base: the staff's versions, the approved one, and the public cut that is
/// all the guide, the leaflet and the tip form may show.
enum KnowledgeBase {
    /// The approved version volunteers and the public see now; nil before legal approved any.
    static func current(organizationID: Int, on db: any Database) async throws -> KnowledgeEntry? {
        try await KnowledgeEntry.query(on: db).filter(\.$organizationID == organizationID)
            .filter(\.$status == KnowledgeEntryStatus.approved.rawValue).first()
    }

    /// Every version, newest first (staff only: drafts and rejected ones included).
    static func versions(organizationID: Int, on db: any Database) async throws -> [KnowledgeEntry] {
        try await KnowledgeEntry.query(on: db).filter(\.$organizationID == organizationID).sort(\.$version, .descending).all()
    }

    /// Volunteers see the approved version only, without drafts, history or internal notes; every
    /// other role that may view the knowledge base sees all of it.
    static func seesOnlyApproved(_ role: Role) -> Bool { role == .volunteer }

    /// One entry per banned organisation that has an approved version, by the organisation's id.
    static func publicEntries(on db: any Database) async throws -> [PublicKnowledgeEntry] {
        let approved = try await KnowledgeEntry.query(on: db)
            .filter(\.$status == KnowledgeEntryStatus.approved.rawValue).sort(\.$organizationID).all()
        return try await cut(approved, on: db)
    }

    static func publicEntry(organizationID: Int, on db: any Database) async throws -> PublicKnowledgeEntry? {
        guard let entry = try await current(organizationID: organizationID, on: db) else { return nil }
        return try await cut([entry], on: db).first
    }

    /// Loads what the approved versions point at in one query per table, then cuts each.
    private static func cut(_ entries: [KnowledgeEntry], on db: any Database) async throws -> [PublicKnowledgeEntry] {
        guard !entries.isEmpty else { return [] }
        let orgIDs = entries.map(\.organizationID)
        let orgs = try await Organization.query(on: db).filter(\.$id ~~ orgIDs)
            .filter(\.$status == OrganizationStatus.banned.rawValue).all()
        let contents = entries.map(\.content)
        let indicatorIDs = Array(Set(contents.flatMap(\.exampleIndicatorIDs)))
        let indicators = indicatorIDs.isEmpty ? [] :
            try await IndicatorRecord.query(on: db).filter(\.$id ~~ indicatorIDs).filter(\.$retiredAt == nil).all()
        let materialIDs = Array(Set(contents.flatMap(\.counterMaterialIDs)))
        let materials = materialIDs.isEmpty ? [] :
            try await CounterMaterial.query(on: db).filter(\.$id ~~ materialIDs)
                .filter(\.$status == CounterMaterialStatus.approved.rawValue).all()
        let symbols = try await KnowledgeSymbols.withIDs(Array(Set(contents.flatMap(\.symbolIDs))), publicOnly: true, on: db)
        return zip(entries, contents).compactMap { entry, content in
            guard let org = orgs.first(where: { $0.id == entry.organizationID }) else { return nil }
            return publicCut(organization: org, version: entry.version, content: content, indicators: indicators,
                             materials: materials, symbols: symbols)
        }
    }

    /// The public-safe fields of one version. Texts not marked public-safe stay out; example phrases
    /// are the chosen indicators that are the organisation's own words (a handle or domain would
    /// advertise the channel), short enough to quote; symbols are the public ones only.
    static func publicCut(organization org: Organization, version: Int, content c: KnowledgeContent,
                          indicators: [IndicatorRecord], materials: [CounterMaterial],
                          symbols: [KnowledgeSymbol]) -> PublicKnowledgeEntry {
        let orgID = org.id ?? 0
        func ifPublic(_ field: KnowledgeField, _ texts: [Language: String]) -> [Language: String] {
            c.publicFields.contains(field) ? texts.filter { !$0.value.isEmpty } : [:]
        }
        let quotable: Set<String> = ["word", "stem", "phrase", "hashtag"]
        let phrases = c.publicFields.contains(.examples) ? c.exampleIndicatorIDs.compactMap { id in
            indicators.first { $0.id == id && $0.$organization.id == orgID && quotable.contains($0.mode) }
        }.map(\.value).filter { $0.count <= maxExampleLength } : []
        let shown = c.publicFields.contains(.symbols) ? c.symbolIDs.compactMap { id in
            symbols.first { $0.id == id && $0.organizationID == orgID && $0.isPublic }
        }.map { PublicKnowledgeEntry.Symbol(id: $0.id ?? 0, sha256: $0.sha256, caption: $0.captions.filter { !$0.value.isEmpty }) } : []
        let counter = c.publicFields.contains(.counterMaterials) ? c.counterMaterialIDs.compactMap { id in
            materials.first { $0.id == id && $0.status == CounterMaterialStatus.approved.rawValue }
        }.map { PublicKnowledgeEntry.CounterLink(title: $0.title, url: $0.url) } : []
        return PublicKnowledgeEntry(
            organizationID: orgID, version: version,
            names: [.ky: org.nameKy, .ru: org.nameRu, .en: org.nameEn].filter { !$0.value.isEmpty },
            aliases: org.aliasList, designation: org.designation, legalBasis: legalBasis(org),
            ideology: ifPublic(.ideology, c.ideology), recruitment: ifPublic(.recruitment, c.recruitment),
            recognition: ifPublic(.recognition, c.recognition), examplePhrases: phrases, symbols: shown,
            counterMaterials: counter, publicSources: c.publicFields.contains(.publicSources) ? c.publicSources : [])
    }

    /// Longer "phrases" are propaganda text, not examples.
    static let maxExampleLength = 120

    /// Court, decision number and date, as the court published them, on one line.
    static func legalBasis(_ org: Organization) -> String {
        [org.court, org.decisionNumber.isEmpty ? "" : "№ \(org.decisionNumber)", org.decisionDate ?? ""]
            .filter { !$0.isEmpty }.joined(separator: ", ")
    }
}
