import Exchange
import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App
@testable import KaiguulFixtures

/// The MISP feed of a sharing rule over HTTP: only the rule's partner reads it, it says what the
/// court ordered with the rule's TLP tag, a lift turns the attribute off, and each read is audited.
@Suite("MISP feed") struct MISPFeedTests {
    @Test func partnerReadsItsCaseFeedAndALiftTurnsTheAttributeOff() async throws {
        try await withApp { app in
            await app.exchangeFreshness.configure(interval: 0)
            let caseID = try await ExchangeFixtures.blockedCase("misp-fictional.example", organizationID: nil, app: app)
            let partner = try await ExchangeFixtures.partner("Fictional Watch", app: app)
            let other = try await ExchangeFixtures.partner("Other Watch", app: app)
            let rule = try await ExchangeFixtures.rule(partnerID: partner.partnerID, .case, caseID, tlp: .amberStrict, app: app)
            let base = "/feeds/misp/\(rule.collectionID)"

            #expect(try await ExchangeFixtures.get(app, "\(base)/manifest.json", token: nil).status == .unauthorized)
            #expect(try await ExchangeFixtures.get(app, "\(base)/manifest.json", token: other.token).status == .notFound)

            let manifest = try await ExchangeFixtures.get(app, "\(base)/manifest.json", token: partner.token)
            #expect(manifest.status == .ok)
            let entries = try #require(try JSONValue.parse(Data(manifest.body.utf8)).objectValue)
            #expect(entries.count == 1)
            let (uuid, entry) = try #require(entries.first)
            #expect(entry["Tag"]?.arrayValue?.first?["name"] == "tlp:amber+strict")

            let event = try await ExchangeFixtures.get(app, "\(base)/\(uuid).json", token: partner.token)
            #expect(event.status == .ok)
            let attribute = try #require(try JSONValue.parse(Data(event.body.utf8))["Event"]?["Attribute"]?.arrayValue?.first)
            #expect(attribute["type"] == "domain")
            #expect(attribute["value"] == "misp-fictional.example")
            #expect(attribute["to_ids"] == true)

            let hashes = try await ExchangeFixtures.get(app, "\(base)/hashes.csv", token: partner.token)
            #expect(hashes.body.contains(",\(uuid)"))

            _ = try await CaseFixtures.lift(target: "misp-fictional.example", app: app)
            let lifted = try await ExchangeFixtures.get(app, "\(base)/\(uuid).json", token: partner.token)
            let after = try #require(try JSONValue.parse(Data(lifted.body.utf8))["Event"]?["Attribute"]?.arrayValue?.first)
            #expect(after["to_ids"] == false)
            #expect(after["Tag"]?.arrayValue?.contains { $0["name"] == .string(MISPTags.lifted) } == true)
            #expect(after["uuid"] == attribute["uuid"], "the attribute is updated in place")

            let audits = try await AuditEntry.query(on: app.db).filter(\.$action == "exchange.export").all()
            #expect(audits.count == 4)
            #expect(audits.allSatisfy { $0.details.contains("\"partner_id\":\"\(partner.partnerID)\"") })
            #expect(audits.contains { $0.details.contains("\"format\":\"misp-event\"") })
        }
    }

    @Test func aRuleForAnotherCaseShowsNothingOfThisOne() async throws {
        try await withApp { app in
            await app.exchangeFreshness.configure(interval: 0)
            let shared = try await ExchangeFixtures.blockedCase("shared-fictional.example", organizationID: nil, app: app)
            _ = try await ExchangeFixtures.blockedCase("secret-fictional.example", organizationID: nil, app: app)
            let partner = try await ExchangeFixtures.partner("Fictional Watch", app: app)
            let rule = try await ExchangeFixtures.rule(partnerID: partner.partnerID, .case, shared, app: app)
            _ = try await ExchangeFixtures.sync(app)
            let feed = try await RuleExport.mispFeed(for: rule, producer: ExchangeFixtures.producer, on: app.db)
            let text = feed.files.map { String(decoding: $0.data, as: UTF8.self) }.joined()
            #expect(text.contains("shared-fictional.example"))
            #expect(!text.contains("secret-fictional.example"))
            let (bundle, _) = try await RuleExport.stixBundle(for: rule, on: app.db)
            let body = bundle.canonicalString
            #expect(body.contains("shared-fictional.example"))
            #expect(!body.contains("secret-fictional.example"))
            let indicator = try #require(bundle["objects"]?.arrayValue?.first { $0["type"] == "indicator" })
            #expect(indicator["object_marking_refs"] == [.string(STIXMarking.definitionID(.amber))])
            rule.revokedAt = Date()
            try await rule.update(on: app.db)
            #expect(try await RuleExport.stixBundle(for: rule, on: app.db).count == 0)
        }
    }

    @Test func extensionSchemasAreServed() async throws {
        try await withApp { app in
            let reply = try await ExchangeFixtures.get(app, "/stix/extensions/legal-basis.json", token: nil)
            #expect(reply.status == .ok)
            #expect(reply.body.contains("appeal_state"))
            #expect(try await ExchangeFixtures.get(app, "/stix/extensions/nothing.json", token: nil).status == .notFound)
        }
    }
}
