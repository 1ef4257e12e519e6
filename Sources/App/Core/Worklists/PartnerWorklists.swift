import Fluent
import Foundation

/// What is shared with a partner: its collections (one per active sharing rule, read over TAXII),
/// the indicators in use and the banned organisations they belong to.
enum PartnerWorklists {
    /// The partner's TAXII collections: each active rule's title, TLP level, subject and address.
    /// An account attached to no partner, or to a disabled one, has none: nothing leaves by default.
    static func collections(seen: Visibility, on db: any Database) async throws -> Worklist? {
        guard let user = seen.user, user.role == .partner else { return nil }
        let partnerID = try await User.find(user.id, on: db)?.partnerID
        let rules = try await partnerID.asyncMap { try await SharingScope.rules(forPartner: $0, on: db) } ?? []
        let entries = rules.prefix(Worklist.head).map { rule in
            WorklistEntry(title: rule.title, href: nil, facts: [
                .text(rule.tlp?.label ?? ""),
                .phrase("sharing.subject.\(SharingRuleIndex.subjectKind(rule.subjectKindRaw))", [:]),
                .text("/taxii2/\(TAXIIController.apiRoot)/collections/\(rule.collectionID)/"),
            ])
        }
        return Worklist(name: "collections", entries: Array(entries), total: rules.count, more: nil)
    }

    static func sharedIndicators(seen: Visibility, language: Language, on db: any Database) async throws -> Worklist? {
        guard seen.seesAll(.indicator) else { return nil }
        let query = IndicatorRecord.query(on: db).filter(\.$retiredAt == nil)
        let total = try await query.count()
        let rows = try await query.with(\.$organization).sort(\.$updatedAt, .descending).sort(\.$id, .descending)
            .limit(Worklist.head).all()
        let entries = rows.map { indicator in
            var facts: [WorklistEntry.Fact] = [.phrase("indicator.mode.\(mode(indicator.mode))", [:]),
                                               .text(indicator.language)]
            if let organization = indicator.organization { facts.append(.text(organization.name(language))) }
            return WorklistEntry(title: indicator.value, href: "/indicators", facts: facts)
        }
        return Worklist(name: "shared-indicators", entries: entries, total: total, more: "/indicators")
    }

    static func organizations(seen: Visibility, language: Language, on db: any Database) async throws -> Worklist? {
        guard seen.seesAll(.organization) else { return nil }
        let total = try await Organization.query(on: db).count()
        let rows = try await Organization.query(on: db).sort(\.$id).limit(Worklist.head).all()
        let entries = rows.map { organization in
            WorklistEntry(title: organization.name(language), href: organization.id.map { "/organizations/\($0)" },
                          facts: [.text(organization.decisionNumber)])
        }
        return Worklist(name: "organizations", entries: entries, total: total, more: "/organizations")
    }

    /// Only the modes the indicator pages translate reach a key.
    static func mode(_ raw: String) -> String {
        ["word", "stem", "phrase", "hashtag", "handle", "domain"].contains(raw) ? raw : "word"
    }
}
