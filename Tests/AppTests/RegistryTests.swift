import Fluent
import Testing
import Vapor

@testable import App

@Suite("Registries through the web interface") struct RegistryTests {
    @Test func regionsAreSeeded() async throws {
        try await withApp { app in
            let regions = try await Region.query(on: app.db).all()
            #expect(regions.count == 9)
            #expect(Set(regions.map(\.code)) == ["batken", "chuy", "jalal-abad", "naryn", "osh", "talas", "issyk-kul",
                                                 "bishkek-city", "osh-city"])
            #expect(regions.filter { $0.kind == "city" }.count == 2)
        }
    }

    @Test func analystCreatesSourceAndSeesItListed() async throws {
        try await withApp { app in
            try await app.makeUser("alice", role: .analyst)
            let browser = Browser(app)
            try await browser.login("alice")
            let created = try await browser.post("/sources", [
                ("kind", "telegram"), ("address", "https://t.me/s/Kara_Tuman_Demo/"), ("title", "Demo channel"),
                ("check_interval_minutes", "30"), ("status", "active"),
            ])
            #expect(created.status == .seeOther)
            let list = try await browser.get("/sources")
            #expect(list.body.contains("Demo channel"))
            let source = try #require(try await Source.query(on: app.db).first())
            #expect(source.identity == "telegram:kara_tuman_demo")
            #expect(source.address == "https://t.me/s/Kara_Tuman_Demo/")
            let audit = try await AuditEntry.query(on: app.db).filter(\.$action == "source.create").all()
            #expect(audit.count == 1)
            #expect(audit.first?.objectID == String(source.id ?? 0))
        }
    }

    @Test func duplicateSourceIsRefusedWithPointer() async throws {
        try await withApp { app in
            try await app.makeUser("alice", role: .analyst)
            let browser = Browser(app)
            try await browser.login("alice")
            try await browser.post("/sources", [("kind", "telegram"), ("address", "@kara_tuman_demo")])
            let first = try #require(try await Source.query(on: app.db).first())
            let again = try await browser.post("/sources", [("kind", "telegram"), ("address", "https://t.me/kara_tuman_demo")])
            #expect(again.status == .conflict)
            #expect(again.body.contains("href=\"/sources/\(first.id ?? 0)\""))
            #expect(try await Source.query(on: app.db).count() == 1)
        }
    }

    @Test func websiteIdentityIgnoresCaseWwwSlashAndTracking() throws {
        let a = try SourceAddress.identity(kind: .website, address: "HTTPS://WWW.Example.KG/news/?utm_source=x#top")
        let b = try SourceAddress.identity(kind: .website, address: "example.kg/news")
        #expect(a == b)
        #expect(throws: (any Error).self) { try SourceAddress.identity(kind: .website, address: "javascript:alert(1)") }
        #expect(throws: (any Error).self) { try SourceAddress.identity(kind: .website, address: "https://user:pw@example.kg") }
    }

    @Test func organizationFormShowsInlineErrorsAndKeepsInput() async throws {
        try await withApp { app in
            try await app.makeUser("alice", role: .analyst)
            let browser = Browser(app)
            try await browser.login("alice", language: "en")
            let page = try await browser.post("/organizations", [
                ("name_ky", ""), ("name_ru", "Союз Чёрного Тумана"), ("designation", "pirate"), ("decision_date", "2021-02-30"),
            ])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("Unknown value."))
            #expect(page.body.contains("Give the date as YYYY-MM-DD."))
            #expect(page.body.contains("value=\"Союз Чёрного Тумана\""))
            #expect(try await Organization.query(on: app.db).count() == 0)
        }
    }

    @Test func hostileTextIsStoredVerbatimAndShownEscaped() async throws {
        try await withApp { app in
            try await app.makeUser("alice", role: .analyst)
            let browser = Browser(app)
            try await browser.login("alice")
            let hostile = "<script>alert(1)</script>\"><img src=x onerror=alert(2)> &amp; ' OR 1=1; DROP TABLE users; --"
            let page = try await browser.post("/organizations", [
                ("name_en", hostile), ("designation", "extremist"), ("aliases", "a'b\n\"c\"\n<b>bold</b>"),
            ])
            #expect(page.status == .seeOther)
            let org = try #require(try await Organization.query(on: app.db).first())
            #expect(org.nameEn == hostile)
            let show = try await browser.get("/organizations/\(org.id ?? 0)")
            #expect(!show.body.contains("<script>alert(1)"))
            #expect(!show.body.contains("<img src=x"))
            #expect(!show.body.contains("<b>bold</b>"))
            #expect(show.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            // The typed "&amp;" is shown as typed, not turned into "&".
            #expect(show.body.contains("&amp;amp;"))
            // Edit form: the value attribute cannot be broken out of.
            let edit = try await browser.get("/organizations/\(org.id ?? 0)/edit")
            #expect(edit.body.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img"))
            #expect(try await User.query(on: app.db).count() == 1)
        }
    }

    @Test func listsPageAndFilter() async throws {
        try await withApp { app in
            try await app.makeUser("alice", role: .analyst)
            for i in 0..<30 {
                let input = try SourceInput.validate(.init(kind: i % 2 == 0 ? "website" : "telegram",
                                                           address: i % 2 == 0 ? "https://site\(i).example" : "@chan\(i)",
                                                           title: "Source Ы\(i)"))
                _ = try await SourceStore.create(input, origin: .analyst, actor: .commandLine, app: app)
            }
            let browser = Browser(app)
            try await browser.login("alice", language: "en")
            let first = try await browser.get("/sources")
            #expect(first.body.contains("Page 1 of 2 · 30 in all"))
            let second = try await browser.get("/sources?page=2")
            #expect(second.body.contains("Page 2 of 2"))
            let telegram = try await browser.get("/sources?kind=telegram")
            #expect(telegram.body.contains("15 in all"))
            // Case-insensitive search in Cyrillic works on both databases.
            let search = try await browser.get("/sources?q=%D1%8B29")  // "ы29"
            #expect(search.body.contains("Source Ы29"))
            #expect(search.body.contains("1 in all"))
        }
    }

    @Test func roleWithoutRightsCannotCreateOrganization() async throws {
        try await withApp { app in
            try await app.makeUser("vera", role: .volunteer)
            let browser = Browser(app)
            try await browser.login("vera")
            let page = try await browser.post("/organizations", [("name_en", "X"), ("designation", "extremist")])
            #expect(page.status == .forbidden)
            #expect(try await browser.get("/sources").status == .forbidden)
            #expect(try await Organization.query(on: app.db).count() == 0)
        }
    }

    @Test func navigationFollowsRole() async throws {
        try await withApp { app in
            try await app.makeUser("adm", role: .admin)
            try await app.makeUser("ex", role: .expert)
            let admin = Browser(app)
            try await admin.login("adm")
            let adminPage = try await admin.get("/")
            #expect(adminPage.body.contains("href=\"/users\""))
            #expect(adminPage.body.contains("href=\"/audit\""))
            let expert = Browser(app)
            try await expert.login("ex")
            let expertPage = try await expert.get("/")
            #expect(!expertPage.body.contains("href=\"/users\""))
            #expect(!expertPage.body.contains("href=\"/sources"))
            #expect(expertPage.body.contains("href=\"/organizations\""))
        }
    }
}
