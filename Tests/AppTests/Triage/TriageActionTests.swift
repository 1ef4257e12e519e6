import Detection
import Fluent
import Foundation
import KaiguulCore
import SQLKit
import Testing
import Vapor

@testable import App

/// What a row says and what the actions write.
@Suite("Triage rows and actions") struct TriageActionTests {
    @Test func matchedSpanIsMarkedAndEverythingAroundItEscaped() async throws {
        try await withApp { app in
            // setup: hostile text on both sides of the match; the span points at the UTF-8 bytes of «Кара Туман»
            let f = try TriageFixture(app)
            let org = try await f.organization("Кара Туман Бирлиги")
            let site = try await f.source(.website, "https://kara-tuman.example/")
            let before = "<script>alert(1)</script> Биз "
            let match = "Кара Туман"
            let text = before + match + " <img src=x onerror=alert(2)> менен!"
            let span = TextSpan(start: before.utf8.count, end: before.utf8.count + match.utf8.count)
            let item = try await f.item(source: site, text: text, signals: [
                ("indicator", org, nil, TriageFixture.signal(.indicator, organizationID: org,
                                                              reasons: ["phrase «кара туман» (weight 3.00)"], spans: [span])),
            ])
            _ = try await app.makeUser("ana", role: .analyst)
            let browser = Browser(app)
            try await browser.login("ana", language: "en")

            // MUT
            let page = try await browser.get("/triage")

            // validate
            #expect(page.status == .ok)
            let row = try #require(page.body.range(of: "id=\"finding-item-\(item)\"").map { String(page.body[$0.lowerBound...]) })
            #expect(row.contains("&lt;script&gt;alert(1)&lt;/script&gt; Биз <mark>Кара Туман</mark> &lt;img src=x onerror=alert(2)&gt; менен!"))
            #expect(!page.body.contains("<script>alert"))
            #expect(!page.body.contains("<img src=x"))
            #expect(row.contains("Indicators of Кара Туман Бирлиги"))
            #expect(!row.contains("{\""), "no raw JSON in a row")
        }
    }

    @Test func highlightPiecesSkipSpansThatDoNotFit() {
        let text = "aé Кара b"
        let start = "aé ".utf8.count
        // MUT
        let pieces = TriageHighlight.pieces(of: text, spans: [
            TextSpan(start: start, end: start + "Кара".utf8.count),
            TextSpan(start: 2, end: 3),  // inside «é»
            TextSpan(start: 5, end: 500),  // past the end
        ], context: 100)
        // validate
        #expect(pieces == [.text("aé "), .mark("Кара"), .text(" b")])
        let far = String(repeating: "x", count: 300) + "Кара" + String(repeating: "y", count: 300)
        let cut = TriageHighlight.pieces(of: far, spans: [TextSpan(start: 300, end: 300 + "Кара".utf8.count)], context: 10)
        #expect(cut == [.gap, .text(String(repeating: "x", count: 10)), .mark("Кара"),
                        .text(String(repeating: "y", count: 10)), .gap])
    }

    @Test func dismissWritesDismissalLabelAndAuditTogether() async throws {
        try await withApp { app in
            // setup
            let f = try TriageFixture(app)
            let site = try await f.source(.website, "https://news.example/")
            let a = try await f.item(source: site, text: "Сот Кара Туман боюнча чечим чыгарды", minutes: 1)
            let b = try await f.item(source: site, text: "Милиция билдирүүсү", minutes: 2)
            let tip = try await f.tip(["https://news.example/court"])
            _ = try await app.makeUser("ana", role: .analyst)
            let browser = Browser(app)
            try await browser.login("ana", language: "en")

            // MUT: one form, three rows
            let done = try await browser.post("/triage/actions", [
                ("findings[]", "item:\(a)"), ("findings[]", "item:\(b)"), ("findings[]", "tip:\(tip)"),
                ("action", "dismiss"), ("reason", "reporting_about"), ("note", "court news"), ("back", "/triage?state=new"),
            ])

            // validate
            #expect(done.status == .seeOther)
            #expect(done.headers.first(name: .location) == "/triage?state=new")
            #expect(try await f.count("triage_dismissals", "reason = 'reporting_about' AND note = 'court news'") == 3)
            #expect(try await f.count("item_labels", "label = 'reporting' AND item_id IN (\(a), \(b))") == 2)
            #expect(try await f.count("audit_log", "action = 'triage.dismiss'") == 3)
            #expect(try await f.count("audit_log", "action = 'item.decision'") == 2)
        }
    }

    @Test func refusedDismissalWritesNothing() async throws {
        try await withApp { app in
            // setup
            let f = try TriageFixture(app)
            let site = try await f.source(.website, "https://news.example/")
            let a = try await f.item(source: site, text: "a")
            let analyst = APIClient(app: app, token: try await app.makeToken(for: try await app.makeUser("ana", role: .analyst)))
            _ = try await app.makeUser("ana2", role: .analyst)
            let browser = Browser(app)
            try await browser.login("ana2", language: "en")
            let auditBefore = try await f.count("audit_log")

            // MUT
            let unknown = try await analyst.send(.POST, "/triage/dismiss",
                                                 json: json(["item_ids": [a, 999_999], "reason": "not_propaganda"]))
            let noReason = try await analyst.send(.POST, "/triage/dismiss", json: json(["item_ids": [a]]))
            let badReason = try await analyst.send(.POST, "/triage/dismiss", json: json(["item_ids": [a], "reason": "boring"]))
            let otherWithoutNote = try await analyst.send(.POST, "/triage/dismiss",
                                                          json: json(["item_ids": [a], "reason": "other"]))
            let nothing = try await analyst.send(.POST, "/triage/dismiss", json: json(["reason": "duplicate"]))
            let form = try await browser.post("/triage/actions", [("findings[]", "item:\(a)"), ("action", "dismiss")])
            let forged = try await browser.post("/triage/actions", [("findings[]", "item:\(a)"), ("action", "dismiss"),
                                                                    ("reason", "duplicate")], csrf: false)

            // validate
            #expect(unknown.status == .unprocessableEntity)
            #expect(unknown.json["field"] as? String == "findings")
            #expect(noReason.json["field"] as? String == "reason")
            #expect(badReason.json["field"] as? String == "reason")
            #expect(otherWithoutNote.json["field"] as? String == "note")
            #expect(nothing.json["field"] as? String == "findings")
            for reply in [noReason, badReason, otherWithoutNote, nothing] { #expect(reply.status == .unprocessableEntity) }
            #expect(form.status == .unprocessableEntity)
            #expect(forged.status == .forbidden, "a form without the session's CSRF token")
            #expect(form.body.contains("class=\"field invalid\""))
            #expect(form.body.contains("value=\"item:\(a)\" checked") || form.body.contains("checked"))
            #expect(try await f.count("triage_dismissals") == 0)
            #expect(try await f.count("item_labels") == 0)
            #expect(try await f.count("audit_log") == auditBefore + 0)
        }
    }

    @Test func openCaseFromTwoItemsHoldsItemsCapturesAndMedia() async throws {
        try await withApp { app in
            // setup: two items, each with its page capture and one media capture
            let f = try TriageFixture(app)
            let org = try await f.organization("Кара Туман Бирлиги")
            let channel = try await f.source(.telegram, "https://t.me/karatuman_demo")
            var captures: [Int] = [], media: [Int] = [], items: [Int] = []
            for n in 1...2 {
                let page = try await f.capture(source: channel, url: "https://t.me/s/karatuman_demo?n=\(n)",
                                               sha: String(repeating: "\(n)", count: 64))
                let image = try await f.capture(source: channel, url: "https://cdn.example/\(n).jpg", role: "media",
                                                sha: String(repeating: "a\(n)", count: 32))
                captures.append(page)
                media.append(image)
                items.append(try await f.item(
                    source: channel, text: "Кара Туман \(n)", minutes: n, captureID: page,
                    media: [StoredMedia(url: "https://cdn.example/\(n).jpg", sha256: String(repeating: "a\(n)", count: 32),
                                        captureID: image)],
                    signals: [("indicator", org, nil, TriageFixture.signal(.indicator, organizationID: org))]))
            }
            _ = try await app.makeUser("ana", role: .analyst)
            let browser = Browser(app)
            try await browser.login("ana", language: "en")
            let queue = try await browser.get("/triage")
            // The form proposes the first row's account and the organisation its signals name.
            #expect(queue.body.contains("value=\"https://t.me/karatuman_demo\""))
            #expect(queue.body.contains("<option value=\"\(org)\" selected>"))

            // MUT
            let opened = try await browser.post("/triage/actions", [
                ("findings[]", "item:\(items[0])"), ("findings[]", "item:\(items[1])"), ("action", "open_case"),
                ("title", "Кара Туман каналы"), ("target", "https://t.me/karatuman_demo"),
                ("case_organization_id", String(org)), ("note", "from triage"),
            ])

            // validate
            #expect(opened.status == .seeOther)
            let location = try #require(opened.headers.first(name: .location))
            let caseID = try #require(Int(location.replacingOccurrences(of: "/cases/", with: "")))
            let record = try #require(try await CaseRecord.find(caseID, on: app.db))
            #expect(record.organizationID == org)
            for id in items { #expect(try await f.count("case_evidence", "case_id = \(caseID) AND kind = 'item' AND item_id = \(id)") == 1) }
            for id in captures { #expect(try await f.count("case_evidence", "case_id = \(caseID) AND kind = 'capture' AND capture_id = \(id)") == 1) }
            for id in media { #expect(try await f.count("case_evidence", "case_id = \(caseID) AND kind = 'media' AND capture_id = \(id)") == 1) }
            #expect(try await f.count("audit_log", "action = 'case.open'") == 1)
            #expect(try await f.count("audit_log", "action = 'case.evidence.add'") == 1)
        }
    }

    @Test func addToExistingCaseThroughPageAndAPI() async throws {
        try await withApp { app in
            // setup
            let f = try TriageFixture(app)
            let site = try await f.source(.website, "https://kara-tuman.example/")
            let a = try await f.item(source: site, text: "a", minutes: 1)
            let b = try await f.item(source: site, text: "b", minutes: 2)
            let tip = try await f.tip(["https://kara-tuman.example/join"])
            let analyst = APIClient(app: app, token: try await app.makeToken(for: try await app.makeUser("ana", role: .analyst)))
            let opened = try await analyst.send(.POST, "/cases", json: json(["title": "Сайт", "target": "kara-tuman.example"]))
            let caseID = try #require(opened.json["id"] as? Int)
            _ = try await app.makeUser("ana2", role: .analyst)
            let browser = Browser(app)
            try await browser.login("ana2", language: "en")
            // The tip's URL now meets the case (and the source) by its canonical URL.
            let queue = try await browser.get("/triage")
            #expect(queue.body.contains("case #\(caseID)"))
            #expect(queue.body.contains("source #\(site)"))

            // MUT
            let page = try await browser.post("/triage/actions", [("findings[]", "item:\(a)"), ("findings[]", "tip:\(tip)"),
                                                                  ("action", "add_to_case"), ("case_id", String(caseID))])
            let api = try await analyst.send(.POST, "/triage/cases/\(caseID)/evidence", json: json(["item_ids": [a, b]]))
            let missing = try await analyst.send(.POST, "/triage/cases/999999/evidence", json: json(["item_ids": [a]]))
            let noCase = try await browser.post("/triage/actions", [("findings[]", "item:\(a)"), ("action", "add_to_case")])

            // validate
            #expect(page.status == .seeOther)
            #expect(api.status == .ok)
            #expect(api.json["added"] as? Int == 1, "only b is new")
            #expect(missing.status == .notFound)
            #expect(noCase.status == .unprocessableEntity)
            #expect(try await f.count("case_evidence", "case_id = \(caseID) AND kind = 'item'") == 2)
            #expect(try await f.count("case_evidence", "case_id = \(caseID) AND kind = 'tip' AND tip_id = \(tip)") == 1)
        }
    }
}
