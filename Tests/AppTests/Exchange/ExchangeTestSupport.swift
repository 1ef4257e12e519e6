import Exchange
import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App
@testable import KaiguulFixtures

/// Records the exchange tests share: a banned organisation, a blocked case naming it, a partner with
/// an account and token, and sharing rules.
enum ExchangeFixtures {
    static let producer = STIXProducer(instance: "test", name: "Kaiguul test", schemaBaseURL: "http://localhost/stix/extensions")

    static func organization(_ name: String = "Fictional Front", designation: String = "extremist",
                             app: Application) async throws -> Int {
        let org = Organization()
        org.nameKy = ""
        org.nameRu = "Вымышленный фронт"
        org.nameEn = name
        org.aliases = "FF"
        org.designation = designation
        org.court = "Pervomaisky District Court of Bishkek"
        org.decisionNumber = "2-55/2026"
        org.decisionDate = "2026-01-20"
        org.status = "banned"
        org.notes = ""
        org.searchText = name.lowercased()
        try await org.create(on: app.db)
        return try org.requireID()
    }

    /// A case blocked by court order on `target`, naming the organisation.
    static func blockedCase(_ target: String, organizationID: Int?, app: Application) async throws -> Int {
        let caseID = try await CaseFixtures.block(target: target, app: app)
        if let organizationID, let record = try await CaseRecord.find(caseID, on: app.db) {
            record.organizationID = organizationID
            try await record.update(on: app.db)
        }
        return caseID
    }

    struct PartnerAccess {
        var partnerID: Int
        var token: String
    }

    static func partner(_ name: String, app: Application) async throws -> PartnerAccess {
        let partner = Partner()
        partner.name = name
        partner.kind = "ngo"
        partner.createdAt = Date()
        try await partner.create(on: app.db)
        let partnerID = try partner.requireID()
        let userID = try await app.makeUser(name.lowercased().replacingOccurrences(of: " ", with: "-"), role: .partner)
        let user = try #require(try await User.find(userID, on: app.db))
        user.partnerID = partnerID
        try await user.update(on: app.db)
        return PartnerAccess(partnerID: partnerID, token: try await app.makeToken(for: userID))
    }

    static func rule(partnerID: Int, _ kind: SharingSubject, _ subjectID: Int, tlp: TLPLevel = .amber,
                     app: Application) async throws -> SharingRule {
        let rule = SharingRule()
        rule.partnerID = partnerID
        rule.subjectKindRaw = kind.rawValue
        rule.subjectID = subjectID
        rule.tlpRaw = tlp.rawValue
        rule.collectionID = UUID().uuidString.lowercased()
        rule.title = "\(kind.rawValue) \(subjectID)"
        rule.createdAt = Date()
        try await rule.create(on: app.db)
        return rule
    }

    static func sync(_ app: Application, at date: Date = Date()) async throws -> Int {
        try await ExchangePublisher.sync(producer: producer, on: app.db, now: date)
    }

    /// The last version of each object, parsed.
    static func latest(_ app: Application) async throws -> [String: (row: ExchangeObject, object: JSONValue)] {
        var out: [String: (ExchangeObject, JSONValue)] = [:]
        for row in try await ExchangeObject.query(on: app.db).sort(\.$id).all() {
            if let seen = out[row.stixID], seen.0.modified >= row.modified { continue }
            out[row.stixID] = (row, try JSONValue.parse(Data(row.json.utf8)))
        }
        return out
    }

    static func get(_ app: Application, _ path: String, token: String?) async throws -> (status: HTTPResponseStatus, body: String, headers: HTTPHeaders) {
        var result: (HTTPResponseStatus, String, HTTPHeaders)?
        try await app.testing().test(.GET, path, beforeRequest: { req in
            if let token { req.headers.bearerAuthorization = BearerAuthorization(token: token) }
        }, afterResponse: { res in
            result = (res.status, res.body.string, res.headers)
        })
        guard let result else { throw TestFailure("no response") }
        return result
    }
}
