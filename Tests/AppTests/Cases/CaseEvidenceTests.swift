import Evidence
import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App

/// A case that carries its captured evidence: opened from items, opened by its expert and legal
/// officer (and only theirs), viewed as archived, captured again, mirrored.
@Suite(.serialized) struct CaseEvidenceTests {
    /// The pipeline tests' fictional forum, a hostile page, and the addresses capture-now and mirror
    /// tests fetch (crawled `https://NAME/` is served from `/ext/NAME/`).
    static func site() -> SiteServer.Route {
        let forum = PipelineTests.site(alpha: "First alpha text", betaGone: false)
        return { path in
            switch path {
            case "/hostile/", "/ext/capture-now.example/", "/ext/mirror.example/":
                return .ok(hostile)
            case "/encoded/":
                return .ok(encodedPage, type: "text/html; charset=windows-1251", headers: [("Content-Encoding", "gzip")])
            default:
                return forum(path)
            }
        }
    }

    static let hostile = """
        <html><head><title>Invented slogans</title><script>alert('x')</script>
        <meta http-equiv="refresh" content="0;url=http://elsewhere.example/">
        <style>body { background: url(http://elsewhere.example/bg.png) } p > b { color: red }</style></head>
        <body onload="steal()"><h1>Join the Invented Dawn Circle</h1>
        <p onclick="go()" style="background-image:url('http://elsewhere.example/a.png')">Fictional text</p>
        <img src="/img/one.png" alt="logo"> <img src="http://elsewhere.example/track.png" alt="tracker">
        <img srcset="http://elsewhere.example/s.png 2x" alt="set">
        <a href="http://elsewhere.example/join">join</a>
        <iframe src="http://elsewhere.example/frame"></iframe><object data="http://elsewhere.example/o"></object>
        <form action="http://elsewhere.example/post"><input name="q"></form>
        <svg><script>alert(2)</script></svg></body></html>
        """

    /// A Kyrgyz page in windows-1251, gzip-compressed as served (made with Python's gzip, mtime 0):
    /// `<p>Кара туман — ойдон чыгарылган ураан</p><img src="/img/one.png">`.
    static let encodedPage = [UInt8](Data(base64Encoded: "H4sIAAAAAAACA7PJKMnNsbPJSE1MsbMpySzJSbW7ZKMPYdjoQ4ST8lMq7WwK7E49+PBA4dPnNw/eKkxXePfyybu3Ct9/P37w4ffrx0Chzx8ePHhro19gZ5OZm65QXJRsq6QPZOnn56XqFeSlKwGNgxikD7YSAG5E+fN5AAAA")!)

    @Test func theArchivedViewDecodesTheRecordAsServed() async throws {
        let server = try await SiteServer.start(Self.site())
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup: the record keeps the gzip bytes as received
            _ = try await CaseTeam.make(app)
            try app.useTestMonitoring(server: server)
            let captured = try await CaseCapture.capture(url: server.url("/encoded/"), field: "capture", app: app)
            let capture = try #require(try await Capture.find(captured.pageCaptureID, on: app.db))
            let stored = try StoredResponse.read(capture, directory: try app.monitoring.warcDirectory)
            #expect(stored.header("Content-Encoding") == "gzip")
            let browser = Browser(app)
            try await browser.login("analyst1")

            // MUT
            let content = try await browser.get("/captures/\(captured.pageCaptureID)/archived/content")

            // validate: decoded (gzip, then windows-1251) and served as UTF-8, its image inline
            #expect(content.status == .ok)
            #expect(content.headers.first(name: .contentType) == "text/html; charset=utf-8")
            #expect(content.body.contains("Кара туман — ойдон чыгарылган ураан"))
            #expect(content.body.contains("src=\"data:image/png;base64,"))
        }
    }

    /// The forum crawled once: its home page item (with one image) and another item.
    struct Crawled {
        var home: Item
        var other: Item
        var homeCapture: Capture
        var media: Capture
    }

    static func crawl(_ app: Application, _ server: SiteServer) async throws -> Crawled {
        try app.useTestMonitoring(server: server)
        let sourceID = try await app.makeSource(.website, server.url("/site/"))
        _ = try await CapturePipeline.check(sourceID: sourceID, job: nil, app: app)
        let home = try #require(try await Item.query(on: app.db).filter(\.$itemKey == "url:" + server.url("/site/")).first())
        let other = try #require(try await Item.query(on: app.db).filter(\.$itemKey == "url:" + server.url("/site/a")).first())
        let capture = try #require(try await Capture.find(try #require(home.captureID), on: app.db))
        let media = try #require(try await Capture.query(on: app.db).filter(\.$role == "media").first())
        return Crawled(home: home, other: other, homeCapture: capture, media: media)
    }

    static func openFrom(_ items: [Item], target: String, _ app: Application) async throws -> Int {
        let analyst = try #require(try await User.query(on: app.db).filter(\.$username == "analyst1").first())
        let input = try CaseInput.validate(.init(title: "From the queue", target: target, note: "Found by triage"))
        return try await CaseStore.open(input, evidence: EvidenceSelection(itemIDs: items.compactMap(\.id)),
                                        actor: .init(userID: analyst.id, role: .analyst, label: "analyst1"), app: app)
    }

    @Test func aCaseOpenedFromAnItemHoldsItsCaptureAndMedia() async throws {
        let server = try await SiteServer.start(Self.site())
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup
            let team = try await CaseTeam.make(app)
            let crawled = try await Self.crawl(app, server)

            // MUT
            let id = try await Self.openFrom([crawled.home], target: "forum.example", app)

            // validate: item, its capture and its media capture, each with its digest
            let rows = try await CaseEvidence.query(on: app.db).filter(\.$caseID == id).sort(\.$id).all()
            #expect(Set(rows.map(\.kind)) == ["item", "capture", "media"])
            #expect(rows.first { $0.kind == "capture" }?.captureID == crawled.homeCapture.id)
            #expect(rows.first { $0.kind == "capture" }?.sha256 == crawled.homeCapture.payloadSHA256)
            #expect(rows.first { $0.kind == "media" }?.captureID == crawled.media.id)
            #expect(rows.first { $0.kind == "item" }?.itemID == crawled.home.id)
            let listed = try await team.analyst.send(.GET, "/cases/\(id)/evidence")
            #expect(listed.status == .ok)
            let items = try #require(listed.json["items"] as? [[String: Any]])
            let capture = try #require(items.first { $0["kind"] as? String == "capture" })
            #expect(capture["sha256"] as? String == crawled.homeCapture.payloadSHA256)
            #expect(capture["warc_file"] as? String == crawled.homeCapture.warcFile)
            #expect((capture["record_digests"] as? [String: String])?["response"]?.hasPrefix("sha256:") == true)
            #expect((capture["links"] as? [String: String])?["archived"] == "/captures/\(crawled.homeCapture.id ?? 0)/archived")
            // the case page shows the timeline with the digests and the links
            let browser = Browser(app)
            try await browser.login("analyst1")
            let page = try await browser.get("/cases/\(id)")
            #expect(page.body.contains("evidence-timeline"))
            #expect(page.body.contains(crawled.homeCapture.payloadSHA256 ?? "missing"))
            #expect(page.body.contains("href=\"/items/\(crawled.home.id ?? 0)\""))
        }
    }

    @Test func theExpertAndLegalOpenTheirCasesEvidenceAndNothingElse() async throws {
        let server = try await SiteServer.start(Self.site())
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup: a case referred to expert1 holding the home page item
            let team = try await CaseTeam.make(app)
            let crawled = try await Self.crawl(app, server)
            let id = try await Self.openFrom([crawled.home], target: "forum.example", app)
            try await team.walk(id, target: "forum.example", to: "referred_to_expert")
            let item = try #require(crawled.home.id)
            let capture = try #require(crawled.homeCapture.id)
            let otherItem = try #require(crawled.other.id)
            let otherCapture = try #require(crawled.other.captureID)

            for (name, role) in [("expert1", Role.expert), ("legal1", .legal)] {
                let browser = Browser(app)
                try await browser.login(name)
                let user = try #require(try await User.query(on: app.db).filter(\.$username == name).first())
                let before = try await AuditEntry.query(on: app.db).filter(\.$actorID == user.id).count()

                // MUT + validate: everything of their case opens, and each opening is audited
                let itemPage = try await browser.get("/items/\(item)")
                #expect(itemPage.status == .ok, "\(name)")
                #expect(itemPage.body.contains("/captures/\(capture)/record"))
                #expect(itemPage.body.contains("href=\"/captures/\(capture)/archived\""))
                #expect(try await browser.get("/captures/\(capture)/record").status == .ok, "\(name)")
                #expect(try await browser.get("/items/\(item)/media/0").status == .ok, "\(name)")
                #expect(try await browser.get("/captures/\(crawled.media.id ?? 0)/record").status == .ok, "\(name)")
                #expect(try await browser.get("/captures/\(capture)/archived").status == .ok, "\(name)")
                #expect(try await browser.get("/captures/\(capture)/archived/content").status == .ok, "\(name)")
                let token = try await app.makeToken(for: try #require(user.id))
                let api = APIClient(app: app, token: token)
                #expect(try await api.send(.GET, "/items/\(item)").status == .ok, "\(name)")
                let audits = try await AuditEntry.query(on: app.db).filter(\.$actorID == user.id).sort(\.$id).all()
                let opened = audits.dropFirst(before).map(\.action)
                #expect(opened.filter { $0 == "item.open" }.count == 2, "\(name) \(opened)")
                #expect(opened.contains("capture.download") && opened.contains("media.download"), "\(name)")
                #expect(opened.contains("capture.open"), "\(name)")
                let open = try #require(audits.last { $0.action == "capture.open" })
                #expect(open.objectID == String(capture))
                #expect(open.details.contains(crawled.homeCapture.payloadSHA256 ?? "missing"), "\(name)")
                #expect(open.details.contains(role.rawValue))

                // and nothing else: 404, not 403, so nothing is learnt of what else was captured
                #expect(try await browser.get("/items/\(otherItem)").status == .notFound, "\(name)")
                #expect(try await browser.get("/captures/\(otherCapture)/record").status == .notFound, "\(name)")
                #expect(try await browser.get("/captures/\(otherCapture)/archived/content").status == .notFound)
                #expect(try await api.send(.GET, "/items/\(otherItem)").status == .notFound, "\(name)")
            }
            // another expert sees none of it
            let other = Browser(app)
            try await other.login("expert2")
            #expect(try await other.get("/items/\(item)").status == .notFound)
            #expect(try await other.get("/captures/\(capture)/archived/content").status == .notFound)
            // the analyst sees everything, as before
            let analyst = Browser(app)
            try await analyst.login("analyst1")
            #expect(try await analyst.get("/items/\(otherItem)").status == .ok)
        }
    }

    @Test func theArchivedViewIsSandboxedAndShowsOnlyItsOwnImages() async throws {
        let server = try await SiteServer.start(Self.site())
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup: the hostile page captured now, with its image
            _ = try await CaseTeam.make(app)
            try app.useTestMonitoring(server: server)
            let captured = try await CaseCapture.capture(url: server.url("/hostile/"), field: "capture", app: app)
            #expect(captured.mediaCaptureIDs.count == 1)
            let browser = Browser(app)
            try await browser.login("analyst1")

            // MUT
            let content = try await browser.get("/captures/\(captured.pageCaptureID)/archived/content")
            let wrapper = try await browser.get("/captures/\(captured.pageCaptureID)/archived")

            // validate: the policy, and the page neutralised
            #expect(content.status == .ok)
            #expect(content.headers.first(name: "Content-Security-Policy")?.hasPrefix(
                "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'") == true)
            #expect(content.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(content.headers.first(name: "X-Frame-Options") == "SAMEORIGIN")
            let body = content.body
            #expect(body.contains("Join the Invented Dawn Circle"))
            let png = Data(PipelineTests.png).base64EncodedString()
            #expect(body.contains("src=\"data:image/png;base64,\(png)\""))
            for forbidden in ["<script", "alert(", "onload", "onclick", "<iframe", "<object", "<meta", "srcset",
                              "url(", "action=", "src=\"http", "href=", "<svg"] {
                #expect(!body.lowercased().contains(forbidden), "\(forbidden)")
            }
            #expect(body.contains("data-archived-source=\"http://elsewhere.example/track.png\""))
            #expect(body.contains("p &gt; b") || body.contains("p > b"))
            #expect(wrapper.status == .ok)
            #expect(wrapper.body.contains("id=\"archived-banner\""))
            #expect(wrapper.body.contains(captured.payloadSHA256 ?? "missing"))
            #expect(wrapper.body.contains("<iframe sandbox src=\"/captures/\(captured.pageCaptureID)/archived/content\""))
            // the wrapper is an ordinary page: never framed, under the strict policy
            #expect(wrapper.headers.first(name: "X-Frame-Options") == "DENY")
            // a media capture is not a page
            #expect(try await browser.get("/captures/\(captured.mediaCaptureIDs[0])/archived").status == .notFound)
        }
    }

    @Test func captureNowAttachesANewCapture() async throws {
        let server = try await SiteServer.start(Self.site())
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup
            let team = try await CaseTeam.make(app)
            try app.useTestMonitoring(server: server)
            let id = try await team.open("capture-now.example")
            let broken = try await team.open("gone-now.example")
            let capturesBefore = try await Capture.query(on: app.db).count()

            // MUT
            let reply = try await team.analyst.send(.POST, "/cases/\(id)/captures", json: json(["note": "again"]))

            // validate: a new capture of the target, attached with its media, an event and an audit row
            #expect(reply.status == .created, "\(reply.body)")
            let captureID = try #require(reply.json["capture_id"] as? Int)
            let capture = try #require(try await Capture.find(captureID, on: app.db))
            #expect(capture.url.hasSuffix("/ext/capture-now.example/"))
            let rows = try await CaseEvidence.query(on: app.db).filter(\.$caseID == id).all()
            #expect(rows.contains { $0.kind == "capture" && $0.captureID == captureID && $0.sha256 == capture.payloadSHA256 })
            #expect(rows.contains { $0.kind == "media" })
            #expect(try await CaseEvent.query(on: app.db).filter(\.$caseID == id).filter(\.$action == "add_evidence")
                .count() == 1)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "case.evidence.add")
                .filter(\.$objectID == String(id)).count() == 1)
            // only analysts capture; a failed fetch is a 422 naming the field, with nothing written
            // (an expert the case was not referred to does not see it at all)
            #expect(try await team.expert.send(.POST, "/cases/\(id)/captures").status == .notFound)
            #expect(try await team.legal.send(.POST, "/cases/\(id)/captures").status == .forbidden)
            let capturesAfter = try await Capture.query(on: app.db).count()
            let failed = try await team.analyst.send(.POST, "/cases/\(broken)/captures")
            #expect(failed.status == .unprocessableEntity)
            #expect(failed.json["field"] as? String == "capture")
            #expect(try await Capture.query(on: app.db).count() == capturesAfter)
            #expect(try await CaseEvidence.query(on: app.db).filter(\.$caseID == broken).count() == 0)
            #expect(capturesAfter > capturesBefore)
            // a capture mode the programme does not have is refused by name, before anything is fetched
            let unknownMode = try await team.analyst.send(.POST, "/cases/\(id)/captures", json: json(["mode": "screenshot"]))
            #expect(unknownMode.status == .unprocessableEntity)
            #expect(unknownMode.json["field"] as? String == "mode")
            #expect(try await Capture.query(on: app.db).count() == capturesAfter)
            // the page form does the same, and the page then offers the archived view
            let browser = Browser(app)
            try await browser.login("analyst1")
            let posted = try await browser.post("/cases/\(id)/captures", [("note", "")])
            #expect(posted.status == .seeOther || posted.status == .found)
            let page = try await browser.get("/cases/\(id)")
            #expect(page.body.contains("href=\"/captures/\(captureID)/archived\""))
            // the form offers every capture mode, the plain fetch first
            #expect(page.body.contains("<select name=\"mode\" id=\"f-mode\"><option value=\"http\" selected>"))
            #expect(page.body.contains("<option value=\"browser\">") && page.body.contains("<option value=\"video\">"))
        }
    }

    @Test func attachingCapturesLaterOffersOnlyThoseNotHeld() async throws {
        let server = try await SiteServer.start(Self.site())
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup: a case holding the home page; the source's other pages are on offer
            let team = try await CaseTeam.make(app)
            let crawled = try await Self.crawl(app, server)
            let id = try await Self.openFrom([crawled.home], target: "forum.example", app)
            let browser = Browser(app)
            try await browser.login("analyst1")
            let page = try await browser.get("/cases/\(id)")
            let otherCapture = try #require(crawled.other.captureID)
            #expect(page.body.contains("name=\"capture_ids[]\" value=\"\(otherCapture)\""))
            #expect(!page.body.contains("name=\"capture_ids[]\" value=\"\(crawled.homeCapture.id ?? 0)\""))

            // MUT
            let posted = try await browser.post("/cases/\(id)/evidence", [("capture_ids[]", String(otherCapture))])

            // validate
            #expect(posted.status == .seeOther || posted.status == .found)
            #expect(try await CaseEvidence.query(on: app.db).filter(\.$caseID == id)
                .filter(\.$captureID == otherCapture).count() == 1)
            let api = try await team.analyst.send(.POST, "/cases/\(id)/evidence",
                                                  json: json(["capture_ids": [999_999]]))
            #expect(api.status == .unprocessableEntity)
            #expect(try await team.expert.send(.POST, "/cases/\(id)/evidence",
                                               json: json(["capture_ids": [otherCapture]])).status != .created)
        }
    }

    @Test func aMirrorIsCapturedAndOpensALinkedCaseOnTheOriginalDecision() async throws {
        let server = try await SiteServer.start(Self.site())
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup
            let team = try await CaseTeam.make(app)
            try app.useTestMonitoring(server: server)
            let id = try await team.open("original.example")
            try await team.walk(id, target: "original.example", to: "blocked")
            let decision = try #require(try await CourtDecision.query(on: app.db).filter(\.$caseID == id).first())

            // MUT: a mirror that cannot be fetched is refused with nothing written
            let cases = try await CaseRecord.query(on: app.db).count()
            let captures = try await Capture.query(on: app.db).count()
            let refused = try await team.step(team.analyst, id, ["action": "report_mirror",
                                                                 "mirror_target": "unreachable-mirror.example"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.json["field"] as? String == "mirror_target")
            #expect(try await CaseRecord.query(on: app.db).count() == cases)
            #expect(try await Capture.query(on: app.db).count() == captures)

            // MUT: a mirror that answers
            let reply = try await team.step(team.analyst, id, ["action": "report_mirror",
                                                               "mirror_target": "mirror.example"])

            // validate: a linked case holding the mirror's capture and the original decision
            #expect(reply.status == .ok, "\(reply.body)")
            let linked = try #require(reply.json["linked_case_id"] as? Int)
            let record = try #require(try await CaseRecord.find(linked, on: app.db))
            #expect(record.parentCaseID == id && record.state == "new" && record.target == "mirror.example")
            let rows = try await CaseEvidence.query(on: app.db).filter(\.$caseID == linked).all()
            let captureRow = try #require(rows.first { $0.kind == "capture" })
            let capture = try #require(try await Capture.find(try #require(captureRow.captureID), on: app.db))
            #expect(capture.url.contains("mirror.example"))
            #expect(rows.contains { $0.kind == "document" && $0.documentID == decision.documentID })
            #expect(try await team.state(id) == "blocked")
            let browser = Browser(app)
            try await browser.login("analyst1")
            let linkedPage = try await browser.get("/cases/\(linked)")
            #expect(linkedPage.body.contains("id=\"mirror-decision\""))
            #expect(linkedPage.body.contains(decision.number))
            let originalPage = try await browser.get("/cases/\(id)")
            #expect(originalPage.body.contains("href=\"/cases/\(linked)\""))
        }
    }
}
