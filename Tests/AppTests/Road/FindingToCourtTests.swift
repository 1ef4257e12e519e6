import Evidence
import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App

/// The programme's main road, end to end, as its people take it: a site inviting readers to join a
/// banned organisation by its registered alias is captured by a worker, leads the triage queue
/// with the alias marked, becomes a case holding the capture, goes to the expert (who opens the
/// evidence of that case and nothing else), to court, to a block order, and into the RPZ.
@Suite(.serialized) struct FindingToCourtTests {
    static let domain = "birlik-road.example"

    static func site(_ path: String) -> SiteServer.Reply {
        switch path {
        case "/ext/\(domain)/", "/ext/\(domain)":
            return .ok("""
                <html><head><title>Биригели</title></head><body><article>
                <p>Ойдон чыгарылган чакырык: #каратуман катарына кошулгула, баарыбыз бирге болобуз.</p>
                <img src="/logo.png" alt="logo"></article></body></html>
                """)
        case "/ext/\(domain)/logo.png":
            return .ok(PipelineTests.png, type: "image/png")
        default:
            return .notFound
        }
    }

    @Test func fromACapturedPageToTheBlockList() async throws {
        let server = try await SiteServer.start(Self.site)
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup: a banned organisation with a registered alias nobody typed as an indicator,
            // a watched site, and the people of the road
            let organization = Organization()
            organization.nameKy = "Кара Туман (ойдон чыгарылган)"
            organization.nameRu = "Кара Туман (вымышленная)"
            organization.nameEn = "Kara Tuman (fictional)"
            organization.aliases = "#каратуман\nKara-Tuman"
            organization.designation = "extremist"
            organization.court = "Fictional district court"
            organization.decisionNumber = "F-1"
            organization.status = "banned"
            organization.notes = ""
            organization.searchText = "кара туман"
            try await organization.create(on: app.db)
            let organizationID = try organization.requireID()
            try app.useTestMonitoring(server: server, analyze: true)
            let sourceID = try await app.makeSource(.website, "https://\(Self.domain)/")
            let team = try await CaseTeam.make(app)

            // MUT 1: a worker claims the due check and captures the site
            #expect(try await JobQueue.scheduleDueChecks(app: app) == 1)
            #expect(try await Worker(app: app).runOne())

            // validate 1: the captured item leads the queue, with the alias marked and attributed
            let queue = try await team.analyst.send(.GET, "/triage?state=new")
            #expect(queue.status == .ok, "\(queue.body)")
            let first = try #require((queue.json["items"] as? [[String: Any]])?.first)
            let itemID = try #require(first["id"] as? Int)
            #expect(first["kind"] as? String == "item")
            #expect(first["priority"] as? String != "none")
            let item = try #require(try await Item.find(itemID, on: app.db))
            #expect(item.sourceID == sourceID)
            let marks = (first["excerpt"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "mark" }
            #expect(marks.contains { ($0["text"] as? String ?? "").lowercased().contains("каратуман") }, "\(first)")
            let indicators = first["indicators"] as? [[String: Any]] ?? []
            #expect(indicators.contains { $0["organization_id"] as? Int == organizationID })

            // the page says why in the reader's language, not in the analyser's English
            _ = try await app.makeUser("analyst-ky", role: .analyst)
            let kyrgyz = Browser(app)
            try await kyrgyz.login("analyst-ky", language: "ky")
            let page = try await kyrgyz.get("/triage")
            #expect(page.body.contains("Хештег «"), "\(page.body.prefix(2000))")
            #expect(!page.body.contains("hashtag «") && !page.body.contains("(weight "))

            // MUT 2: the analyst opens a case from the finding
            let opened = try await team.analyst.send(.POST, "/triage/cases", json: json([
                "item_ids": [itemID], "title": "Чакырык сайты", "target": Self.domain,
                "organization_id": organizationID, "note": "Alias found by the queue",
            ]))
            #expect(opened.status == .created, "\(opened.body)")
            let caseID = try #require(opened.json["id"] as? Int)

            // validate 2: the case holds the item, its capture and its media, not a typed URL
            let evidence = try await CaseEvidence.query(on: app.db).filter(\.$caseID == caseID).all()
            #expect(evidence.contains { $0.kind == "item" && $0.itemID == itemID })
            #expect(evidence.contains { $0.kind == "capture" && $0.captureID == item.captureID })
            #expect(evidence.contains { $0.kind == "media" })
            let capture = try #require(try await Capture.find(item.captureID, on: app.db))
            #expect(evidence.first { $0.captureID == capture.id }?.sha256 == capture.payloadSHA256)

            // an item of another case, which the expert must not reach
            let otherCase = try await team.open("other-road.example", title: "Another case")
            let otherItem = try await Self.otherItem(app, sourceID: sourceID)
            #expect(try await team.analyst.send(.POST, "/triage/cases/\(otherCase)/evidence",
                                                json: json(["item_ids": [otherItem]])).status == .ok)

            // MUT 3: review and referral; the expert opens the evidence of their case
            try await team.walk(caseID, target: Self.domain, to: "referred_to_expert")
            let seen = try await team.expert.send(.GET, "/items/\(itemID)")
            #expect(seen.status == .ok, "\(seen.body)")
            let expertBrowser = Browser(app)
            try await expertBrowser.login("expert1", language: "en")
            let captureID = try capture.requireID()
            let frame = try await expertBrowser.get("/captures/\(captureID)/archived")
            #expect(frame.status == .ok)
            #expect(frame.body.contains(try #require(capture.payloadSHA256)))
            let archived = try await expertBrowser.get("/captures/\(captureID)/archived/content")
            #expect(archived.status == .ok)
            #expect(archived.body.contains("#каратуман катарына"))
            #expect(archived.headers.first(name: "Content-Security-Policy")?.contains("sandbox") == true)
            #expect(try await team.expert.send(.GET, "/items/\(otherItem)").status == .notFound)
            let openings = try await AuditEntry.query(on: app.db).filter(\.$actorID == team.expertID).all()
            #expect(openings.contains { $0.objectType == "item" && $0.objectID == String(itemID) }, "\(openings.map(\.action))")

            // MUT 4: conclusion, court, block order
            let conclusion = try #require(try await team.upload(team.expert, caseID, kind: "expert_conclusion")
                .json["id"] as? Int)
            #expect(try await team.step(team.expert, caseID, ["action": "record_expert_conclusion",
                                                              "finding": "confirmed", "document_id": conclusion]).status == .ok)
            #expect(try await team.step(team.legal, caseID, ["action": "submit_to_court"]).status == .ok)
            let decision = try #require(try await team.upload(team.legal, caseID, kind: "court_decision")
                .json["id"] as? Int)
            let decided = try await team.step(team.legal, caseID, [
                "action": "record_court_decision", "outcome": "ordered", "court": "Fictional district court",
                "number": "D-\(caseID)", "date": CaseDates.today(), "targets": [Self.domain], "document_id": decision,
            ])
            #expect(decided.status == .ok, "\(decided.body)")
            #expect(try await team.step(team.legal, caseID, ["action": "mark_blocked"]).status == .ok)

            // validate 4: the domain is in the providers' RPZ, resting on the case's order
            #expect(try await team.state(caseID) == "blocked")
            let rpz = try await team.provider.send(.GET, "/blocklist?format=rpz")
            #expect(rpz.status == .ok)
            #expect(rpz.body.contains("\(Self.domain) CNAME ."))
            #expect(!rpz.body.contains("other-road.example"))
            let order = try #require(try await BlockOrder.query(on: app.db).filter(\.$caseID == caseID).first())
            #expect(order.target == Self.domain && order.status == "active")

            // MUT 5: the expert takes the case's evidence package for the court
            let package = try await CasePackageTests.download(app, "/cases/\(caseID)/package.wacz",
                                                               token: team.expert.token)

            // validate 5: a zip whose announced digest is its own; `make test` runs wacz validate,
            // warcio's digest check, the warcinfo-first and request-per-response checks and a pywb
            // replay over this very file
            #expect(package.status == .ok)
            #expect(package.bytes.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]))
            #expect(package.headers.first(name: "X-Kaiguul-Package-SHA256") == sha256Hex(package.bytes))
            CasePackageSamples.keep(package.bytes, as: "road-case-package.wacz")
        }
    }

    /// A second item of the same source (another page version would do as well).
    static func otherItem(_ app: Application, sourceID: Int) async throws -> Int {
        let item = Item()
        item.sourceID = sourceID
        item.itemKey = "url:https://\(domain)/other"
        item.text = "Another invented page."
        item.media = "[]"
        item.version = 1
        try await item.create(on: app.db)
        return try item.requireID()
    }
}
