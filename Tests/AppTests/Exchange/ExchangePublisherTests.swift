import Exchange
import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App
@testable import KaiguulFixtures

/// The publisher turns court-ordered blocks, banned organisations and banked hashes into versioned
/// `exchange_objects` rows, writes nothing when nothing changed, and revokes what a court reversed.
@Suite("Exchange publisher") struct ExchangePublisherTests {
    @Test func blockedCasePublishesOnceWithSubjectColumns() async throws {
        try await withApp { app in
            let orgID = try await ExchangeFixtures.organization(app: app)
            let caseID = try await ExchangeFixtures.blockedCase("fictional-front.example", organizationID: orgID, app: app)
            let written = try await ExchangeFixtures.sync(app)
            #expect(written > 0)
            #expect(try await ExchangeFixtures.sync(app) == 0, "a second run over the same records writes nothing")
            let latest = try await ExchangeFixtures.latest(app)
            let p = ExchangeFixtures.producer
            let order = try #require(try await BlockOrder.query(on: app.db).filter(\.$caseID == caseID).first())
            let indicator = try #require(latest[p.indicatorID(blockOrder: try order.requireID())])
            #expect(indicator.row.caseID == caseID)
            #expect(indicator.row.organizationID == orgID)
            #expect(indicator.row.subjectKey == "block_order:\(try order.requireID())")
            #expect(indicator.object["pattern"]?.stringValue?.hasPrefix("[domain-name:value = 'fictional-front.example'") == true)
            #expect(indicator.object["revoked"] == nil)
            let actor = try #require(latest[p.threatActorID(organization: orgID)])
            #expect(actor.row.organizationID == orgID)
            #expect(actor.row.caseID == nil)
            #expect(actor.object["threat_actor_types"] == nil)
            let report = try #require(latest[p.reportID(case: caseID)])
            #expect(report.object["object_refs"]?.arrayValue?.contains(.string(p.indicatorID(blockOrder: try order.requireID()))) == true)
            let shared = latest.values.filter { $0.row.subjectKey.hasPrefix("shared:") }
            #expect(shared.count == 9)
            #expect(shared.allSatisfy { $0.row.organizationID == nil && $0.row.caseID == nil && $0.row.bankID == nil })
            #expect(latest[STIXMarking.definitionID(.red)] != nil)
            // Rows hold unmarked objects: the rule's marking is added when served.
            #expect(latest.values.allSatisfy { $0.object["object_marking_refs"] == nil })
        }
    }

    @Test func liftedBlockComesBackRevokedAndOverturned() async throws {
        try await withApp { app in
            let orgID = try await ExchangeFixtures.organization(app: app)
            let caseID = try await ExchangeFixtures.blockedCase("https://t.me/fictionalfront", organizationID: orgID, app: app)
            _ = try await ExchangeFixtures.sync(app)
            let order = try #require(try await BlockOrder.query(on: app.db).filter(\.$caseID == caseID).first())
            let stixID = ExchangeFixtures.producer.indicatorID(blockOrder: try order.requireID())
            let before = try #require(try await ExchangeFixtures.latest(app)[stixID])
            _ = try await CaseFixtures.lift(target: "https://t.me/fictionalfront", app: app)
            #expect(try await ExchangeFixtures.sync(app, at: Date().addingTimeInterval(1)) >= 2)
            let versions = try await ExchangeObject.query(on: app.db).filter(\.$stixID == stixID).sort(\.$id).all()
            #expect(versions.count == 2)
            let after = try #require(try await ExchangeFixtures.latest(app)[stixID])
            #expect(after.row.revoked)
            #expect(after.object["revoked"] == true)
            #expect(after.object["valid_until"] != nil)
            #expect(after.object["created"] == before.object["created"])
            #expect(after.row.modified > before.row.modified)
            let ext = after.object["extensions"]?[ExchangeFixtures.producer.legalBasisExtensionID]
            #expect(ext?["appeal_state"] == "overturned")
            #expect(ext?["lifted_by"]?["decision_number"] != nil)
            #expect(try await ExchangeFixtures.sync(app, at: Date().addingTimeInterval(2)) == 0)
        }
    }

    @Test func appealStateChangeIsANewVersion() async throws {
        try await withApp { app in
            let caseID = try await ExchangeFixtures.blockedCase("appeal-fictional.example", organizationID: nil, app: app)
            _ = try await ExchangeFixtures.sync(app)
            let decision = try #require(try await CourtDecision.query(on: app.db).filter(\.$caseID == caseID).first())
            decision.appealState = AppealState.final.rawValue
            try await decision.update(on: app.db)
            #expect(try await ExchangeFixtures.sync(app) == 1)
            let order = try #require(try await BlockOrder.query(on: app.db).filter(\.$caseID == caseID).first())
            let latest = try await ExchangeFixtures.latest(app)[ExchangeFixtures.producer.indicatorID(blockOrder: try order.requireID())]
            #expect(latest?.object["extensions"]?[ExchangeFixtures.producer.legalBasisExtensionID]?["appeal_state"] == "final")
            #expect(latest?.row.revoked == false)
        }
    }

    @Test func bannedMaterialHashesLeaveAsFilesAndAnOverturnedBanRevokes() async throws {
        try await withApp { app in
            let orgID = try await ExchangeFixtures.organization(designation: "terrorist", app: app)
            let material = BannedMaterial()
            material.$organization.id = orgID
            material.title = "Fictional poster"
            material.kind = "media"
            material.court = "Oktyabrsky District Court of Bishkek"
            material.decisionNumber = "2-77/2026"
            material.decisionDate = "2026-02-01"
            try await material.create(on: app.db)
            let sha = String(repeating: "ab", count: 32), md5 = String(repeating: "cd", count: 16)
            let pdq = String(repeating: "0f", count: 32)
            for (kind, value) in [("sha256", sha), ("md5", md5), ("pdq", pdq), ("minhash", "1,2,3")] {
                let f = MaterialFingerprint()
                f.$material.id = try material.requireID()
                f.kind = kind
                f.value = value
                f.label = "poster.jpg"
                try await f.create(on: app.db)
            }
            _ = try await ExchangeFixtures.sync(app)
            let latest = try await ExchangeFixtures.latest(app)
            let files = latest.values.filter { $0.row.stixType == "file" }
            #expect(files.count == 1)
            let file = try #require(files.first)
            #expect(file.object["hashes"]?["SHA-256"]?.stringValue == sha)
            #expect(file.object["hashes"]?["MD5"]?.stringValue == md5)
            #expect(file.object["extensions"]?[ExchangeFixtures.producer.perceptualHashExtensionID]?["pdq"] == [.string(pdq)])
            let court = try #require(try await SharedHashes.courtBank(on: app.db))
            #expect(file.row.bankID == court.id)
            #expect(file.row.organizationID == orgID)
            let indicators = latest.values.filter { $0.row.stixType == "indicator" && $0.row.bankID == court.id }
            #expect(indicators.count == 1)
            #expect(indicators.first?.object["pattern"]?.stringValue?.contains("1,2,3") == false, "MinHash stays home")
            #expect(latest[ExchangeFixtures.producer.threatActorID(organization: orgID)]?.object["threat_actor_types"] == ["terrorist"])

            material.revokedAt = Date().addingTimeInterval(5)
            material.revokedReason = "overturned"
            try await material.update(on: app.db)
            #expect(try await ExchangeFixtures.sync(app, at: Date().addingTimeInterval(6)) >= 1)
            let indicatorID = try #require(indicators.first?.row.stixID)
            let revoked = try #require(try await ExchangeFixtures.latest(app)[indicatorID])
            #expect(revoked.row.revoked)
            #expect(revoked.object["valid_until"] != nil)
        }
    }

    @Test func aCaseWithoutACourtOrderPublishesNothing() async throws {
        try await withApp { app in
            let orgID = try await ExchangeFixtures.organization(app: app)
            let team = try await CaseTeam.make(app)
            let caseID = try await team.open("under-review-fictional.example")
            let record = try #require(try await CaseRecord.find(caseID, on: app.db))
            record.organizationID = orgID
            try await record.update(on: app.db)
            _ = try await ExchangeFixtures.sync(app)
            let rows = try await ExchangeObject.query(on: app.db).all()
            #expect(rows.allSatisfy { $0.caseID == nil })
            #expect(!rows.contains { $0.json.contains("under-review-fictional") })
        }
    }
}
