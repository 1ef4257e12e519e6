import Fluent
import KaiguulCore
import Vapor

/// Where a case comes from as it was opened: its region and the banned organisation it concerns,
/// and whether its target counts as a site or an account (`SiteOrAccount`, the figures' rule).
struct CaseOrigin: Sendable {
    var region: String?
    var organization: String?
    var organizationID: Int?
    var counts: SiteOrAccount
    /// The shared platform the target is on, when the platform table knows it.
    var platformID: String?

    /// Names in the viewer's language.
    static func load(_ record: CaseRecord, language: Language, on db: any Database) async throws -> CaseOrigin {
        let region = try await record.regionID.asyncFlatMap { try await Region.find($0, on: db) }
        let organization = try await record.organizationID.asyncFlatMap { try await Organization.find($0, on: db) }
        return CaseOrigin(region: region?.name(language), organization: organization?.name(language),
                          organizationID: organization?.id, counts: SiteOrAccount.of(target: record.target),
                          platformID: SiteOrAccount.platform(of: record.target)?.id)
    }
}
