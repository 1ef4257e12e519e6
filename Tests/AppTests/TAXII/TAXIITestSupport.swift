import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// A TAXII client in the test process: sends the TAXII Accept header and a partner token the way
/// clients do (Bearer by default, or Basic with the token as password).
struct TAXIITestClient {
    let app: Application
    var authorization: String?
    var accept: String? = TAXIIMediaType.taxii

    init(app: Application, token: String?, basic: String? = nil) {
        self.app = app
        if let token {
            authorization = basic.map { "Basic " + Data("\($0):\(token)".utf8).base64EncodedString() } ?? "Bearer \(token)"
        }
    }

    struct Reply {
        var status: HTTPResponseStatus
        var headers: HTTPHeaders
        var body: String
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]) ?? [:]
        }
        var objects: [[String: Any]] { json["objects"] as? [[String: Any]] ?? [] }
        var ids: [String] { objects.compactMap { $0["id"] as? String } }
    }

    func get(_ path: String) async throws -> Reply {
        var reply: Reply?
        try await app.testing().test(.GET, path, beforeRequest: { req in
            if let authorization { req.headers.replaceOrAdd(name: .authorization, value: authorization) }
            if let accept { req.headers.replaceOrAdd(name: .accept, value: accept) }
        }, afterResponse: { res in
            reply = Reply(status: res.status, headers: res.headers, body: res.body.string)
        })
        guard let reply else { throw TestFailure("no response") }
        return reply
    }
}

/// Partners, accounts, rules and published rows written by hand, so the server is tested against
/// known `exchange_objects` (the publisher is switched off unless a test turns it on).
struct TAXIIFixture {
    var partnerA: Int
    var partnerB: Int
    var tokenA: String
    var tokenB: String
    var ruleA: SharingRule
    var ruleB: SharingRule
    /// Rows the first partner's collection holds (last versions), in the order they were added.
    var expectedA: [String]
    /// An object with two versions: the second is revoked.
    var versioned: String
    var base: Date

    static let organizationA = 101
    static let organizationB = 202

    static func make(_ app: Application) async throws -> TAXIIFixture {
        await app.exchangeFreshness.configure(interval: 0, publish: .some(nil))
        let partnerA = try await partner("Fictional Border Service", app)
        let partnerB = try await partner("Invented Media Watch", app)
        let tokenA = try await account("partner-a", partnerA, app)
        let tokenB = try await account("partner-b", partnerB, app)
        let ruleA = try await rule(partnerA, .organization, organizationA, .amber, app)
        let ruleB = try await rule(partnerB, .organization, organizationB, .green, app)
        let base = Date(timeIntervalSince1970: 1_780_000_000)
        var added = 0
        func insert(_ type: String, _ uuid: String, subject: String, organization: Int?, modified: String,
                    revoked: Bool = false, extra: String = "") async throws -> String {
            let id = "\(type)--\(uuid)"
            let row = ExchangeObject()
            row.stixID = id
            row.stixType = type
            row.modified = modified
            row.dateAdded = base.addingTimeInterval(Double(added) * 1.5)
            added += 1
            row.revoked = revoked
            row.subjectKey = subject
            row.organizationID = organization
            row.contentSHA256 = String(repeating: "0", count: 64)
            row.json = "{\"created\":\"2026-01-01T00:00:00.000Z\",\"id\":\"\(id)\",\"modified\":\"\(modified)\","
                + "\"revoked\":\(revoked),\"spec_version\":\"2.1\",\"type\":\"\(type)\"\(extra)}"
            try await row.create(on: app.db)
            return id
        }
        var expected: [String] = []
        expected.append(try await insert("identity", "00000000-0000-4000-8000-000000000001", subject: "shared:identity",
                                         organization: nil, modified: "2026-01-01T00:00:00.000Z",
                                         extra: ",\"name\":\"Kaiguul\",\"identity_class\":\"organization\""))
        for n in 1...5 {
            expected.append(try await insert("indicator", "00000000-0000-4000-8000-00000000010\(n)",
                                             subject: "block_order:\(n)", organization: organizationA,
                                             modified: "2026-01-0\(n)T00:00:00.000Z"))
        }
        _ = try await insert("indicator", "00000000-0000-4000-8000-000000000201", subject: "block_order:20",
                             organization: organizationB, modified: "2026-01-01T00:00:00.000Z")
        let versioned = try await insert("indicator", "00000000-0000-4000-8000-000000000300", subject: "block_order:30",
                                         organization: organizationA, modified: "2026-02-01T00:00:00.000Z")
        _ = try await insert("indicator", "00000000-0000-4000-8000-000000000300", subject: "block_order:30",
                             organization: organizationA, modified: "2026-02-02T00:00:00.000Z", revoked: true)
        expected.append(versioned)
        return TAXIIFixture(partnerA: partnerA, partnerB: partnerB, tokenA: tokenA, tokenB: tokenB, ruleA: ruleA,
                            ruleB: ruleB, expectedA: expected, versioned: versioned, base: base)
    }

    static func partner(_ name: String, _ app: Application) async throws -> Int {
        try await PartnerStore.create(.init(name: name, kind: PartnerKind.stateBody.rawValue, contact: nil),
                                      actor: .commandLine, app: app)
    }

    static func account(_ username: String, _ partnerID: Int, _ app: Application) async throws -> String {
        let id = try await app.makeUser(username, role: .partner)
        try await PartnerStore.attach(userID: id, to: partnerID, actor: .commandLine, app: app)
        return try await app.makeToken(for: id)
    }

    static func rule(_ partnerID: Int, _ kind: SharingSubject, _ subjectID: Int, _ tlp: TLPLevel,
                     _ app: Application) async throws -> SharingRule {
        let rule = SharingRule()
        rule.partnerID = partnerID
        rule.subjectKindRaw = kind.rawValue
        rule.subjectID = subjectID
        rule.tlpRaw = tlp.rawValue
        rule.collectionID = UUID().uuidString.lowercased()
        rule.title = "Fixture \(kind.rawValue) \(subjectID)"
        rule.createdAt = Date()
        try await rule.create(on: app.db)
        return rule
    }

    func objectsPath(_ rule: SharingRule, _ query: String = "") -> String {
        "/taxii2/kaiguul/collections/\(rule.collectionID)/objects/" + (query.isEmpty ? "" : "?" + query)
    }
}
