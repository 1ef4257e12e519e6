import Foundation
import Testing
import Vapor

@testable import App

/// The long lists as a person and an API client use them: search, filters, and a refused filter value
/// reported instead of the whole list shown as if it had matched.
@Suite("Searching and filtering the long lists") struct ListPagesTests {
    /// Two invented cases opened through the API, so the audit log holds their `case.open` rows.
    static func twoCases(_ app: Application) async throws -> APIClient {
        let analyst = try await app.makeUser("alice", role: .analyst)
        let api = APIClient(app: app, token: try await app.makeToken(for: analyst))
        for (title, target) in [("Кара Туман: жаңы сайт", "kara-tuman-invented.example"),
                                ("Другой выдуманный сайт", "other-invented.example")] {
            let reply = try await api.send(.POST, "/cases", json: #"{"title":"\#(title)","target":"\#(target)"}"#)
            #expect(reply.status == .created, "\(reply.body)")
        }
        return api
    }

    @Test func theCaseListSearchesTitleAndTarget() async throws {
        try await withApp { app in
            // setup
            let api = try await Self.twoCases(app)
            let browser = Browser(app)
            try await browser.login("alice")
            // MUT
            let byTitle = try await browser.get("/cases?q=%D0%BA%D0%B0%D1%80%D0%B0") // "кара", typed in lower case
            let byTarget = try await browser.get("/cases?q=OTHER-invented")
            let viaAPI = try await api.send(.GET, "/cases?q=kara-tuman")
            // validate
            #expect(byTitle.status == .ok)
            #expect(byTitle.body.contains("kara-tuman-invented.example") && !byTitle.body.contains("other-invented.example"))
            #expect(byTarget.body.contains("other-invented.example") && !byTarget.body.contains("kara-tuman-invented"))
            #expect(viaAPI.json["total"] as? Int == 1)
        }
    }

    @Test func anUnknownFilterValueIsNamedNotIgnored() async throws {
        try await withApp { app in
            // setup
            _ = try await Self.twoCases(app)
            let browser = Browser(app)
            try await browser.login("alice", language: "ru")
            // MUT
            let page = try await browser.get("/cases?state=in-review&kind=site")
            // validate
            #expect(page.status == .badRequest)
            let banner = try #require(page.body.range(of: "id=\"filter-errors\"").map { String(page.body[$0.lowerBound...].prefix(600)) })
            #expect(banner.contains("У фильтра «Состояние» нет значения «in-review»."), "\(banner)")
            #expect(!page.body.contains("id=\"cases-table\""), "no rows when a filter was refused")
            #expect(!page.body.contains("kara-tuman-invented.example"))
        }
    }

    @Test(arguments: ["/tips?status=closed", "/block-orders?status=gone", "/audit?action=case.explode",
                      "/audit?from=2026-13-01", "/cases?region=99"])
    func everyListReportsARefusedFilter(path: String) async throws {
        try await withApp { app in
            // setup
            _ = try await app.makeUser("olga", role: .auditor)
            let browser = Browser(app)
            try await browser.login("olga")
            // MUT
            let page = try await browser.get(path)
            // validate
            #expect(page.status == .badRequest, "\(path)")
            #expect(page.body.contains("id=\"filter-errors\""), "\(path)")
        }
    }

    @Test func theAuditLogFiltersByActorActionObjectAndDayAndReadsInTheReadersLanguage() async throws {
        try await withApp { app in
            // setup
            _ = try await Self.twoCases(app)
            _ = try await app.makeUser("olga", role: .auditor)
            let browser = Browser(app)
            try await browser.login("olga", language: "ky")
            let today = String(Formats.iso8601(Date()).prefix(10))
            // MUT
            let opened = try await browser.get("/audit?actor=ALI&action=case.open&object=case&from=\(today)&to=\(today)")
            let yesterday = try await browser.get("/audit?action=case.open&to=2020-01-01")
            // validate
            #expect(opened.status == .ok)
            #expect(opened.body.components(separatedBy: "data-action=\"case.open\"").count - 1 == 2)
            #expect(!opened.body.contains("data-action=\"login\""))
            #expect(opened.body.contains(Translator(language: .ky)("case_action.open")))
            #expect(opened.body.contains(Translator(language: .ky)("audit_detail.target") + ": "))
            #expect(!opened.body.contains(">case.open<") && !opened.body.contains("target="))
            #expect(!yesterday.body.contains("data-action=\"case.open\""))
        }
    }

    @Test func tipsAreSearchedByAddressAndComment() async throws {
        try await withApp { app in
            // setup
            let visitor = Browser(app)
            try await visitor.get("/tip")
            try await visitor.post("/tip", [("urls", "https://invented-one.example/a"), ("comment", "Лозунги выдуманной группы")])
            try await visitor.post("/tip", [("urls", "https://invented-two.example/b"), ("comment", "Other slogans")])
            _ = try await app.makeUser("alice", role: .analyst)
            let browser = Browser(app)
            try await browser.login("alice")
            // MUT
            let byComment = try await browser.get("/tips?q=%D0%9B%D0%BE%D0%B7%D1%83%D0%BD%D0%B3%D0%B8") // "Лозунги"
            let byAddress = try await browser.get("/tips?q=invented-two")
            // validate
            #expect(byComment.body.contains("invented-one.example") && !byComment.body.contains("invented-two.example"))
            #expect(byAddress.body.contains("invented-two.example") && !byAddress.body.contains("invented-one.example"))
        }
    }

    @Test func theAPIRefusesAnUnknownBlockOrderStatusAndSearchesTargets() async throws {
        try await withApp { app in
            // setup
            let api = try await Self.twoCases(app)
            // MUT
            let refused = try await api.send(.GET, "/block-orders?status=gone")
            let searched = try await api.send(.GET, "/block-orders?q=kara")
            // validate
            #expect(refused.status == .unprocessableEntity && refused.json["field"] as? String == "status")
            #expect(searched.status == .ok && searched.json["total"] as? Int == 0)
        }
    }

    @Test func theItemListSearchesAcrossSourcesAndIsForWhoeverSeesEveryItem() async throws {
        try await withApp { app in
            // setup
            let sourceID = try await SourceStore.create(try SourceInput.validate(.init(kind: "website",
                                                                                        address: "https://invented-news.example")),
                                                        origin: .analyst, actor: .commandLine, app: app)
            for (key, text) in [("a", "Лозунги выдуманной группы"), ("b", "Weather in an invented town")] {
                let item = Item()
                item.sourceID = sourceID
                item.itemKey = key
                item.text = text
                item.media = "[]"
                item.version = 1
                try await item.create(on: app.db)
            }
            _ = try await app.makeUser("alice", role: .analyst)
            _ = try await app.makeUser("erik", role: .expert)
            let analyst = Browser(app)
            try await analyst.login("alice")
            let expert = Browser(app)
            try await expert.login("erik")
            // MUT
            let found = try await analyst.get("/items?q=%D0%9B%D0%BE%D0%B7%D1%83%D0%BD%D0%B3%D0%B8&source=\(sourceID)")
            let refused = try await analyst.get("/items?state=vanished")
            let forbidden = try await expert.get("/items")
            // validate
            #expect(found.status == .ok)
            #expect(found.body.contains("Лозунги выдуманной группы") && !found.body.contains("invented town"))
            #expect(refused.status == .badRequest && refused.body.contains("id=\"filter-errors\""))
            #expect(forbidden.status == .forbidden)
        }
    }

    /// The site/account filter tested `target_kind = 'domain'`, so a page on a site was listed as an account
    /// while the dashboard counted it as a site.
    @Test func theSiteOrAccountFilterCountsAsTheFiguresDo() async throws {
        try await withApp { app in
            // setup
            let api = try await Self.twoCases(app)
            for (title, target) in [("Page on an invented site", "https://invented-page.example/news/1"),
                                    ("Invented channel", "https://t.me/invented_channel_demo")] {
                let reply = try await api.send(.POST, "/cases", json: #"{"title":"\#(title)","target":"\#(target)"}"#)
                #expect(reply.status == .created, "\(reply.body)")
            }
            // MUT
            let sites = try await api.send(.GET, "/cases?kind=site")
            let accounts = try await api.send(.GET, "/cases?kind=account")
            // validate
            #expect(sites.json["total"] as? Int == 3, "\(sites.body)")
            #expect(accounts.json["total"] as? Int == 1, "\(accounts.body)")
        }
    }
}
