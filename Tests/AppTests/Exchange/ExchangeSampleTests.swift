import Exchange
import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App
@testable import KaiguulFixtures

/// A sample of everything that leaves, for the Python peers: with `KAIGUUL_EXCHANGE_SAMPLE_DIR` set,
/// writes `bundle.json` (an organisation rule's STIX bundle) and `misp/` (its MISP feed) there, for
/// scripts/check-stix.py and scripts/check-misp.py. Without it, checks the sample's shape only.
@Suite("Exchange sample") struct ExchangeSampleTests {
    static func capture(_ url: String, caseID: Int, app: Application) async throws {
        let capture = Capture()
        capture.url = url
        capture.fetchedAt = Date().addingTimeInterval(-3600)
        capture.collector = "test"
        capture.httpStatus = 200
        try await capture.create(on: app.db)
        let evidence = CaseEvidence()
        evidence.caseID = caseID
        evidence.kind = CaseEvidenceKind.capture.rawValue
        evidence.note = ""
        evidence.captureID = try capture.requireID()
        evidence.addedAt = Date()
        try await evidence.create(on: app.db)
    }

    @Test func organisationRuleSample() async throws {
        try await withApp { app in
            let orgID = try await ExchangeFixtures.organization(app: app)
            let site = try await ExchangeFixtures.blockedCase("front-fictional.example", organizationID: orgID, app: app)
            try await Self.capture("https://news.front-fictional.example/post/1?lang=ky", caseID: site, app: app)
            let channel = try await ExchangeFixtures.blockedCase("https://t.me/frontfictional", organizationID: orgID, app: app)
            try await Self.capture("https://t.me/frontfictional", caseID: channel, app: app)
            _ = try await CaseFixtures.lift(target: "https://t.me/frontfictional", app: app)
            let material = BannedMaterial()
            material.$organization.id = orgID
            material.title = "Fictional leaflet"
            material.kind = "media"
            material.court = "Oktyabrsky District Court of Bishkek"
            material.decisionNumber = "2-77/2026"
            material.decisionDate = "2026-02-01"
            try await material.create(on: app.db)
            for (kind, value) in [("sha256", String(repeating: "ab", count: 32)), ("md5", String(repeating: "cd", count: 16)),
                                  ("pdq", String(repeating: "0f", count: 32))] {
                let f = MaterialFingerprint()
                f.$material.id = try material.requireID()
                f.kind = kind
                f.value = value
                f.label = "leaflet.png"
                try await f.create(on: app.db)
            }
            let partner = try await ExchangeFixtures.partner("Fictional Watch", app: app)
            let rule = try await ExchangeFixtures.rule(partnerID: partner.partnerID, .organization, orgID, tlp: .green, app: app)
            _ = try await ExchangeFixtures.sync(app)
            let (bundle, count) = try await RuleExport.stixBundle(for: rule, on: app.db)
            let feed = try await RuleExport.mispFeed(for: rule, producer: ExchangeFixtures.producer, on: app.db)
            let types = Set(bundle["objects"]?.arrayValue?.compactMap { $0["type"]?.stringValue } ?? [])
            #expect(types.isSuperset(of: ["identity", "marking-definition", "extension-definition", "threat-actor",
                                          "indicator", "relationship", "report", "observed-data", "url", "domain-name", "file"]))
            #expect(count > 15)
            // Two cases and the court bank's materials of the organisation.
            #expect(feed.events.count == 3)
            let objects = feed.events.flatMap(\.objects)
            #expect(Set(objects.map(\.name)) == ["file", "perceptual-hash"])
            #expect(objects.first { $0.name == "perceptual-hash" }?.attributes.first?.value == String(repeating: "0f", count: 32))
            guard let dir = ProcessInfo.processInfo.environment["KAIGUUL_EXCHANGE_SAMPLE_DIR"], !dir.isEmpty else { return }
            let root = URL(fileURLWithPath: dir, isDirectory: true)
            try FileManager.default.createDirectory(at: root.appendingPathComponent("misp"), withIntermediateDirectories: true)
            try bundle.canonicalData.write(to: root.appendingPathComponent("bundle.json"))
            for file in feed.files { try file.data.write(to: root.appendingPathComponent("misp").appendingPathComponent(file.name)) }
        }
    }
}
