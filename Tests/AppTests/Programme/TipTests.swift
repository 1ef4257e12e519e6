import Fluent
import Testing
import Vapor

@testable import App

@Suite("Tips from volunteers and the public") struct TipTests {
    @Test func publicTipIsStoredAndMatchedToAKnownSource() async throws {
        try await withApp { app in
            // setup: a watched channel
            _ = try await SourceStore.create(try SourceInput.validate(.init(kind: "telegram", address: "@kara_tuman_demo")),
                                             origin: .analyst, actor: .commandLine, app: app)
            let visitor = Browser(app)
            try await visitor.get("/tip")
            // MUT
            let page = try await visitor.post("/tip", [("urls", "https://t.me/s/kara_tuman_demo/15\nhttps://new-site.example/x"),
                                                       ("comment", "Slogans of a fictional group"), ("website", "")])
            // validate
            #expect(page.status == .ok)
            let tip = try #require(try await Tip.query(on: app.db).first())
            #expect(tip.urlList == ["https://t.me/s/kara_tuman_demo/15", "https://new-site.example/x"])
            #expect(tip.sourceID != nil)
            #expect(tip.status == TipStatus.underReview.rawValue)
            #expect(tip.submittedBy == nil)
        }
    }

    @Test func honeypotStoresNothing() async throws {
        try await withApp { app in
            let robot = Browser(app)
            try await robot.get("/tip")
            let page = try await robot.post("/tip", [("urls", "https://spam.example"), ("website", "http://buy.example")])
            #expect(page.status == .ok)
            #expect(try await Tip.query(on: app.db).count() == 0)
        }
    }

    @Test(arguments: ["javascript:alert(1)", "data:text/html,<script>x</script>", "ftp://files.example/a", "not a url"])
    func nonHTTPLinksAreRefused(url: String) async throws {
        try await withApp { app in
            let visitor = Browser(app)
            try await visitor.get("/tip")
            let page = try await visitor.post("/tip", [("urls", url)])
            #expect(page.status == .unprocessableEntity)
            #expect(!page.body.contains("<script>x"))
            #expect(try await Tip.query(on: app.db).count() == 0)
        }
    }

    @Test func tenThousandURLsAreRefused() async throws {
        try await withApp { app in
            let visitor = Browser(app)
            try await visitor.get("/tip")
            let urls = (0..<10_000).map { "https://s\($0).example" }.joined(separator: "\n")
            let page = try await visitor.post("/tip", [("urls", urls)])
            #expect(page.status == .unprocessableEntity || page.status == .payloadTooLarge)
            #expect(try await Tip.query(on: app.db).count() == 0)
        }
    }

    @Test func tenMegabyteCommentIsRefused() async throws {
        try await withApp { app in
            let visitor = Browser(app)
            try await visitor.get("/tip")
            let page = try await visitor.post("/tip", [("urls", "https://a.example"),
                                                       ("comment", String(repeating: "ы", count: 5_000_000))])
            #expect(page.status == .payloadTooLarge)
            #expect(try await Tip.query(on: app.db).count() == 0)
        }
    }

    @Test func floodFromOneAddressIsLimited() async throws {
        try await withApp { app in
            let visitor = Browser(app)
            try await visitor.get("/tip")
            var statuses: [HTTPResponseStatus] = []
            for i in 0..<8 {
                statuses.append(try await visitor.post("/tip", [("urls", "https://flood\(i).example")]).status)
            }
            #expect(statuses.prefix(5).allSatisfy { $0 == .ok })
            #expect(statuses.suffix(3).allSatisfy { $0 == .tooManyRequests })
            #expect(try await Tip.query(on: app.db).count() == 5)
        }
    }

    @Test func volunteerSeesOwnTipsButNothingOfTheCase() async throws {
        try await withApp { app in
            try await app.makeUser("vera", role: .volunteer)
            try await app.makeUser("oleg", role: .volunteer)
            _ = try await SourceStore.create(try SourceInput.validate(.init(kind: "website", address: "https://known.example")),
                                             origin: .analyst, actor: .commandLine, app: app)
            let vera = Browser(app)
            try await vera.login("vera", language: "en")
            try await vera.post("/tip", [("urls", "https://known.example/page"), ("comment", "vera's tip")])
            let oleg = Browser(app)
            try await oleg.login("oleg", language: "en")
            try await oleg.post("/tip", [("urls", "https://other.example"), ("comment", "oleg's tip")])

            let list = try await vera.get("/tips")
            #expect(list.status == .ok)
            #expect(list.body.contains("vera&#39;s tip") || list.body.contains("vera's tip"))
            #expect(!list.body.contains("oleg"))
            #expect(list.body.contains("Under review"))
            #expect(!list.body.contains("/sources/"))
            #expect(!list.body.contains("/cases/"))
        }
    }

    /// Only roles that file tips have them attributed; another signed-in user counts as public.
    @Test func aTipFromARoleWithoutTipsIsNotAttributed() async throws {
        try await withApp { app in
            try await app.makeUser("ana", role: .analyst)
            let ana = Browser(app)
            try await ana.login("ana", language: "en")
            try await ana.post("/tip", [("urls", "https://elsewhere.example/x"), ("comment", "seen somewhere")])
            let tip = try #require(try await Tip.query(on: app.db).first())
            #expect(tip.submittedBy == nil)
        }
    }
}
