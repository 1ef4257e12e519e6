import Detection
import Fluent
import Foundation
import KaiguulCore
import SQLKit
import Testing
import Vapor

@testable import App

/// The triage queue: order, filters, paging and state, on the page and the API.
@Suite("Triage queue") struct TriageQueueTests {
    @Test func higherPriorityFirstThenNewerFirst() async throws {
        try await withApp { app in
            // setup
            let f = try TriageFixture(app)
            let site = try await f.source(.website, "https://kara-tuman.example/")
            let lowOld = try await f.item(source: site, text: "a", level: .low, score: 20, minutes: 0)
            let highOld = try await f.item(source: site, text: "b", level: .high, score: 75, minutes: 1)
            let highNew = try await f.item(source: site, text: "c", level: .high, score: 71, minutes: 5)
            let mediumNew = try await f.item(source: site, text: "d", level: .medium, score: 50, minutes: 9)
            let tip = try await f.tip(["https://elsewhere.example/x"], minutes: 3)
            let analyst = APIClient(app: app, token: try await app.makeToken(for: try await app.makeUser("ana", role: .analyst)))

            // MUT
            let reply = try await analyst.send(.GET, "/triage")

            // validate: level first (tips wait at medium), newest first within it
            #expect(reply.status == .ok)
            #expect(queueKeys(reply) == ["item:\(highNew)", "item:\(highOld)", "item:\(mediumNew)", "tip:\(tip)",
                                         "item:\(lowOld)"])
            #expect(reply.json["total"] as? Int == 5)
        }
    }

    @Test func eachFilterNarrowsTheQueue() async throws {
        try await withApp { app in
            // setup
            let f = try TriageFixture(app)
            let org = try await f.organization("Кара Туман Бирлиги")
            let other = try await f.organization("Жашыл Шамал")
            let site = try await f.source(.website, "https://kara-tuman.example/", regionID: 1)
            let channel = try await f.source(.telegram, "https://t.me/karatuman_demo", regionID: 2)
            let indicator = try await f.item(
                source: site, text: "кара туман", level: .high, language: "ky",
                signals: [("indicator", org, nil, TriageFixture.signal(.indicator, organizationID: org))])
            let otherOrg = try await f.item(
                source: channel, text: "жашыл шамал", level: .medium, language: "ru",
                signals: [("indicator", other, nil, TriageFixture.signal(.indicator, organizationID: other))])
            let classified = try await f.item(source: channel, text: "x", level: .low, language: "ru")
            let tip = try await f.tip(["https://t.me/karatuman_demo/15"])
            let analyst = APIClient(app: app, token: try await app.makeToken(for: try await app.makeUser("ana", role: .analyst)))
            func keys(_ query: String) async throws -> Set<String> {
                let reply = try await analyst.send(.GET, "/triage?" + query)
                #expect(reply.status == .ok, "\(query): \(reply.body)")
                return Set(queueKeys(reply))
            }

            // MUT + validate
            #expect(try await keys("priority=high") == ["item:\(indicator)"])
            #expect(try await keys("priority=medium") == ["item:\(otherOrg)", "tip:\(tip)"])
            #expect(try await keys("language=ru") == ["item:\(otherOrg)", "item:\(classified)"])
            #expect(try await keys("organization_id=\(org)") == ["item:\(indicator)"])
            #expect(try await keys("region_id=1") == ["item:\(indicator)"])
            // The tip's post meets the watched channel, so it is of that source's kind.
            #expect(try await keys("source_kind=telegram") == ["item:\(otherOrg)", "item:\(classified)", "tip:\(tip)"])
            #expect(try await keys("source_kind=website") == ["item:\(indicator)"])
            #expect(try await keys("signal_kind=indicator") == ["item:\(indicator)", "item:\(otherOrg)"])
            #expect(try await keys("signal_kind=classifier") == ["item:\(classified)"])
            #expect(try await keys("state=dismissed").isEmpty)
            // A bad value is refused by name, not answered with an empty queue.
            let bad = try await analyst.send(.GET, "/triage?priority=urgent")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.json["field"] as? String == "priority")
        }
    }

    @Test func pagesDoNotOverlap() async throws {
        try await withApp { app in
            // setup
            let f = try TriageFixture(app)
            let site = try await f.source(.website, "https://kara-tuman.example/")
            var made: [Int] = []
            for minute in 0..<7 { made.append(try await f.item(source: site, text: "\(minute)", minutes: minute)) }
            let analyst = APIClient(app: app, token: try await app.makeToken(for: try await app.makeUser("ana", role: .analyst)))

            // MUT
            var seen: [String] = []
            for page in 1...3 {
                let reply = try await analyst.send(.GET, "/triage?per_page=3&page=\(page)")
                #expect(reply.json["total"] as? Int == 7)
                seen += queueKeys(reply)
            }

            // validate
            #expect(seen == made.reversed().map { "item:\($0)" })
        }
    }

    @Test func pagesMergeItemsAndTipsInQueueOrder() async throws {
        try await withApp { app in
            // setup: items at every level around tips (which wait at medium)
            let f = try TriageFixture(app)
            let site = try await f.source(.website, "https://kara-tuman.example/")
            let levels: [TriagePriority.Level] = [.high, .medium, .low, .none]
            for minute in 0..<12 {
                try await f.item(source: site, text: "\(minute)", level: levels[minute % 4], minutes: minute)
            }
            for minute in [2, 5, 11] { _ = try await f.tip(["https://elsewhere.example/\(minute)"], minutes: minute) }
            let analyst = APIClient(app: app, token: try await app.makeToken(for: try await app.makeUser("ana", role: .analyst)))
            let whole = queueKeys(try await analyst.send(.GET, "/triage?per_page=200"))

            // MUT
            var paged: [String] = []
            for page in 1...4 { paged += queueKeys(try await analyst.send(.GET, "/triage?per_page=4&page=\(page)")) }

            // validate
            #expect(whole.count == 15)
            #expect(paged == whole)
            #expect(Array(whole[3..<9].filter { $0.hasPrefix("tip:") }).count == 3, "tips among the medium items")
        }
    }

    @Test func stateFollowsDismissalAndCases() async throws {
        try await withApp { app in
            // setup
            let f = try TriageFixture(app)
            let site = try await f.source(.website, "https://kara-tuman.example/")
            let dismissed = try await f.item(source: site, text: "a", minutes: 1)
            let inCase = try await f.item(source: site, text: "b", minutes: 2)
            let waiting = try await f.item(source: site, text: "c", minutes: 3)
            let analyst = APIClient(app: app, token: try await app.makeToken(for: try await app.makeUser("ana", role: .analyst)))

            // MUT
            let d = try await analyst.send(.POST, "/triage/dismiss",
                                           json: json(["item_ids": [dismissed], "reason": "not_propaganda"]))
            let c = try await analyst.send(.POST, "/triage/cases", json: json([
                "item_ids": [inCase], "title": "Кара Туман сайты", "target": "kara-tuman.example"]))

            // validate
            #expect(d.status == .ok)
            #expect(c.status == .created, "\(c.body)")
            #expect(queueKeys(try await analyst.send(.GET, "/triage")) == ["item:\(waiting)"])
            #expect(queueKeys(try await analyst.send(.GET, "/triage?state=dismissed")) == ["item:\(dismissed)"])
            #expect(queueKeys(try await analyst.send(.GET, "/triage?state=in_case")) == ["item:\(inCase)"])
            #expect(Set(queueKeys(try await analyst.send(.GET, "/triage?state=all")))
                == ["item:\(dismissed)", "item:\(inCase)", "item:\(waiting)"])
        }
    }

    @Test func onlyAnalystsAdminsAndAuditorsSeeTheQueueAndOnlyAnalystsAct() async throws {
        try await withApp { app in
            // setup
            let f = try TriageFixture(app)
            let site = try await f.source(.website, "https://kara-tuman.example/")
            let item = try await f.item(source: site, text: "a")
            let roles: [(Role, view: HTTPResponseStatus, act: HTTPResponseStatus)] = [
                (.analyst, .ok, .ok), (.admin, .ok, .forbidden), (.auditor, .ok, .forbidden),
                (.volunteer, .forbidden, .forbidden), (.expert, .forbidden, .forbidden),
                (.legal, .forbidden, .forbidden), (.coordinator, .forbidden, .forbidden),
            ]
            for (role, view, act) in roles {
                let name = "user_\(role.rawValue)"
                let client = APIClient(app: app, token: try await app.makeToken(for: try await app.makeUser(name, role: role)))
                let browser = Browser(app)
                try await browser.login(name)

                // MUT
                let page = try await browser.get("/triage")
                let api = try await client.send(.GET, "/triage")
                let dismiss = try await client.send(.POST, "/triage/dismiss",
                                                    json: json(["item_ids": [item], "reason": "duplicate"]))
                let form = try await browser.post("/triage/actions", [("findings[]", "item:\(item)"), ("action", "dismiss"),
                                                                      ("reason", "duplicate")])

                // validate
                #expect(page.status == view, "\(role) page")
                #expect(api.status == view, "\(role) API")
                #expect(dismiss.status == act, "\(role) API dismiss")
                #expect(form.status == (act == .ok ? .seeOther : .forbidden), "\(role) form")
                if act == .ok {
                    try await f.sql.raw("DELETE FROM triage_dismissals").run()
                }
            }
            #expect(try await f.count("triage_dismissals") == 0)
        }
    }
}

/// The queue's composed keys (`triage.level.high`, …) exist in every language.
@Suite("Triage translations") struct TriageTranslationTests {
    @Test func composedKeysAreTranslated() {
        var keys = TriageVerdict.levels.map { "triage.level." + $0.rawValue }
        keys += TriageFilters.State.allCases.map { "triage.state." + $0.rawValue }
        keys += TriageDismissalReason.allCases.map { "triage.reason." + $0.rawValue }
        keys += TriageTipMatch.Meeting.Kind.allCases.map { "triage.meets." + $0.rawValue }
        keys += TriageFilters.signalKinds.map { "signal_kind." + $0 }
        for language in Language.allCases {
            for key in keys { #expect(Translator.tables[language]?[key] != nil, "\(language) \(key)") }
        }
    }
}
