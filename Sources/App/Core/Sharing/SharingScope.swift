import Fluent
import Foundation
import KaiguulCore

/// Which published STIX objects a sharing rule lets reach its partner. Nothing leaves by default:
/// an object no active rule covers is never served, exported or listed to a partner.
///
/// A rule covers the objects every collection carries (`shared:` rows: the instance's identity,
/// extension and marking definitions) and the rows of its subject: an organisation rule the rows
/// carrying that `organization_id` (its threat actor, its cases' targets, the court bank's
/// materials of that organisation), a case rule the rows of that case, a bank rule that bank's rows.
enum SharingScope {
    /// The prefix of `subject_key` for objects every collection carries.
    static let sharedPrefix = "shared:"

    /// The active rules for a partner (none for a disabled or unknown partner), oldest first.
    static func rules(forPartner partnerID: Int, on db: any Database) async throws -> [SharingRule] {
        guard let partner = try await Partner.find(partnerID, on: db), partner.disabledAt == nil else { return [] }
        return try await SharingRule.query(on: db)
            .filter(\.$partnerID == partnerID)
            .filter(\.$revokedAt == nil)
            .sort(\.$id)
            .all()
            .filter(\.isActive)
    }

    /// The partner's active rule whose TAXII collection is `collectionID`, or nil: another
    /// partner's collection, a revoked rule and an unknown id all look the same from outside.
    static func rule(collection collectionID: String, forPartner partnerID: Int, on db: any Database) async throws
        -> SharingRule?
    {
        try await rules(forPartner: partnerID, on: db).first { $0.collectionID == collectionID.lowercased() }
    }

    /// Whether an `exchange_objects` row falls under a rule (subject columns or `shared:`).
    static func covers(_ rule: SharingRule, _ object: ExchangeObject) -> Bool {
        guard rule.isActive, let kind = rule.subjectKind else { return false }
        if object.subjectKey.hasPrefix(sharedPrefix) { return true }
        switch kind {
        case .organization: return object.organizationID == rule.subjectID
        case .case: return object.caseID == rule.subjectID
        case .bank: return object.bankID == rule.subjectID
        }
    }

    /// The same as a Fluent filter, for paging in SQL.
    static func filter(_ query: QueryBuilder<ExchangeObject>, for rule: SharingRule) -> QueryBuilder<ExchangeObject> {
        guard rule.isActive, let kind = rule.subjectKind else {
            // A revoked or unreadable rule shares nothing; no row has a negative id.
            return query.filter(\.$id < 0)
        }
        let subjectID = rule.subjectID
        return query.group(.or) { either in
            either.filter(\.$subjectKey =~ sharedPrefix)
            switch kind {
            case .organization: either.filter(\.$organizationID == subjectID)
            case .case: either.filter(\.$caseID == subjectID)
            case .bank: either.filter(\.$bankID == subjectID)
            }
        }
    }
}
