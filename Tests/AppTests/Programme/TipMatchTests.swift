import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App

/// A tip meets the watched source and the case about the same account, post or site, whichever URL
/// form each was written in (`PlatformTable.matchKey`).
@Suite("Tips meet sources and cases by match key") struct TipMatchTests {
    /// Files a tip through the public form and returns it.
    func fileTip(_ app: Application, _ urls: [String]) async throws -> Tip {
        let visitor = Browser(app)
        try await visitor.get("/tip")
        let page = try await visitor.post(
            "/tip",
            [
                ("urls", urls.joined(separator: "\n")), ("comment", "Seen today"),
                ("website", ""),
            ])
        #expect(page.status == .ok)
        return try #require(try await Tip.query(on: app.db).sort(\.$id, .descending).first())
    }

    @Test func aTipAboutAPostMeetsTheAccountsSourceAndCase() async throws {
        try await withApp { app in
            // setup: the channel watched as `telegram:kara_tuman_demo`, a case about another channel opened
            // first, then the case whose target is the channel's page
            let sourceID = try await SourceStore.create(
                try SourceInput.validate(.init(kind: "telegram", address: "https://t.me/Kara_Tuman_Demo")),
                origin: .analyst, actor: .commandLine, app: app)
            #expect(try await Source.find(sourceID, on: app.db)?.identity == "telegram:kara_tuman_demo")
            let team = try await CaseTeam.make(app)
            _ = try await team.open("https://t.me/kara_tuman_demo_2")
            let caseID = try await team.open("https://t.me/kara_tuman_demo")
            // MUT
            let tip = try await fileTip(app, ["https://t.me/s/KARA_TUMAN_DEMO/15"])
            // validate
            #expect(tip.sourceID == sourceID)
            #expect(tip.caseID == caseID)
            #expect(tip.status == TipStatus.underReview.rawValue)
        }
    }

    @Test(arguments: [
        ("https://t.me/kara_tuman_demo", "https://telegram.me/kara_tuman_demo/7?single"),
        ("@kara_tuman_demo", "https://t.me/s/kara_tuman_demo"),
        ("https://www.youtube.com/@KaraTumanDemo", "https://m.youtube.com/@karatumandemo/videos"),
        (
            "https://youtube.com/channel/UCa1B2c3D4e5F6g7H8i9J0kL",
            "https://www.youtube.com/channel/UCa1B2c3D4e5F6g7H8i9J0kL/shorts"
        ),
        (
            "https://www.facebook.com/profile.php?id=1000123",
            "https://m.facebook.com/permalink.php?story_fbid=5&id=1000123"
        ),
        ("https://vk.com/club777", "https://vk.com/wall-777_12"),
        ("https://www.tiktok.com/@kara.demo", "https://www.tiktok.com/@Kara.Demo/video/7312345678901234567"),
        ("kara-tuman.example", "https://www.Kara-Tuman.example/news/1?utm_source=tg"),
        ("https://kara-tuman.example/news/1", "http://kara-tuman.example/other"),
    ])
    func aTipMeetsACaseWrittenInAnotherForm(target: String, tipURL: String) async throws {
        try await withApp { app in
            // setup
            let team = try await CaseTeam.make(app)
            let caseID = try await team.open(target)
            // MUT
            let tip = try await fileTip(app, ["https://unrelated.example/a", tipURL])
            // validate
            #expect(tip.caseID == caseID, "\(tipURL) → \(target)")
        }
    }

    @Test(arguments: [
        "https://t.me/kara_tuman_demo_2/15", "https://t.me/joinchat/kara_tuman_demo", "https://t.me/",
        "https://www.youtube.com/kara_tuman_demo", "https://news.kara-tuman.example/x",
        "https://example.org/kara_tuman_demo",
    ])
    func aTipAboutSomethingElseMeetsNothing(tipURL: String) async throws {
        try await withApp { app in
            // setup
            _ = try await SourceStore.create(
                try SourceInput.validate(.init(kind: "telegram", address: "@kara_tuman_demo")),
                origin: .analyst, actor: .commandLine, app: app)
            let team = try await CaseTeam.make(app)
            _ = try await team.open("https://t.me/kara_tuman_demo")
            _ = try await team.open("kara-tuman.example")
            // MUT
            let tip = try await fileTip(app, [tipURL])
            // validate
            #expect(tip.sourceID == nil, "\(tipURL)")
            #expect(tip.caseID == nil, "\(tipURL)")
            #expect(tip.status == TipStatus.received.rawValue)
        }
    }

    /// What triage and cases call: every stored spelling is found under the key of any other spelling.
    @Test func theStoreFindsEverySpellingOfAKey() async throws {
        try await withApp { app in
            // setup
            let team = try await CaseTeam.make(app)
            let a = try await team.open("https://t.me/s/kara_tuman_demo/15")
            let b = try await team.open("@Kara_Tuman_Demo")
            _ = try await team.open("https://t.me/karatumandemo")
            let key = try #require(PlatformTable.matchKey(for: "tg://resolve?domain=kara_tuman_demo"))
            // MUT
            let found = try await MatchKeyStore.cases(matching: [key], on: app.db)
            // validate
            #expect(found == [key: [a, b]])
            #expect(try await MatchKeyStore.firstCase(matching: [key], on: app.db) == a)
            #expect(try await MatchKeyStore.sources(matching: [key], on: app.db).isEmpty)
        }
    }

    /// The dashboard counts accounts by the kinds the platform table knows, sites by the rest.
    @Test func theDashboardCountsAccountsAndSitesByThePlatformTable() async throws {
        try await withApp { app in
            // setup
            for (kind, address) in [
                ("telegram", "@kara_tuman_demo"), ("youtube", "https://www.youtube.com/@KaraDemo"),
                ("website", "https://kara-tuman.example/"), ("rss", "https://kara-tuman.example/feed"),
            ] {
                _ = try await SourceStore.create(
                    try SourceInput.validate(.init(kind: kind, address: address)),
                    origin: .analyst, actor: .commandLine, app: app)
            }
            // MUT
            let analyst = CurrentUser(id: 1, username: "a", displayName: "A", role: .analyst, viaToken: false)
            let tiles = try await Dashboard.tiles(seen: Visibility(user: analyst), on: app.db)
            // validate
            #expect(tiles.first { $0.key == "dash.accounts" }?.count == 2)
            #expect(tiles.first { $0.key == "dash.sites" }?.count == 2)
        }
    }
}
