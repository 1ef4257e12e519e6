import Fluent
import Foundation
import KaiguulCore
import SQLKit
import Testing
import Vapor

@testable import App
@testable import KaiguulFixtures

/// `/` is each role's worklist (`#home[data-role]`, `section.work[data-work]`, entries `[data-item]`),
/// built only from what the role may see; the provider's home is the block list with its serial and ETag.
@Suite("Home worklists") struct HomeWorklistTests {
    /// The `data-item` entries of one `section.work[data-work=NAME]`, or nil when the section is absent.
    static func items(_ name: String, in body: String) -> [String]? {
        guard let start = body.range(of: "data-work=\"\(name)\"") else { return nil }
        let rest = body[start.upperBound...]
        let end = rest.range(of: "</section>")?.lowerBound ?? rest.endIndex
        return rest[..<end].components(separatedBy: "data-item=").dropFirst().map { String($0.prefix(400)) }
    }

    static func section(_ name: String, in body: String) -> String? {
        guard let start = body.range(of: "data-work=\"\(name)\"") else { return nil }
        let rest = body[start.upperBound...]
        return String(rest[..<(rest.range(of: "</section>")?.lowerBound ?? rest.endIndex)])
    }

    @Test func everyDemoRoleFindsWorkOnItsHomePage() async throws {
        try await withApp { app in
            // setup
            _ = try await DemoData.seed(app: app)
            for role in Role.allCases {
                let browser = Browser(app)
                try await browser.login(role.rawValue, DemoData.password)
                // MUT
                let home = try await browser.get("/")
                // validate
                #expect(home.status == .ok, "\(role)")
                #expect(home.body.contains("id=\"home\" data-role=\"\(role.rawValue)\""), "\(role)")
                #expect(home.body.contains("class=\"work\""), "\(role) has no work section")
                #expect(home.body.components(separatedBy: "data-item").count > 1, "\(role) has no work entry")
                // Every list names its heading in the reader's language, never as a key.
                #expect(!home.body.contains("home.work."), "\(role)")
                #expect(!home.body.contains("home.fact."), "\(role)")
            }
            // The lists the brief names, one by one.
            func home(_ user: String) async throws -> String {
                let browser = Browser(app)
                try await browser.login(user, DemoData.password)
                return try await browser.get("/").body
            }
            let expert = try await home("expert")
            let referred = try #require(Self.items("referred", in: expert))
            #expect(!referred.isEmpty && referred.allSatisfy { $0.contains("state-referred_to_expert") })
            let legal = try await home("legal")
            #expect(Self.items("awaiting-submission", in: legal)?.isEmpty == false)
            #expect(Self.items("awaiting-decision", in: legal)?.isEmpty == false)
            #expect(Self.items("orders", in: legal)?.isEmpty == false)
            #expect(Self.items("verification", in: legal)?.isEmpty == false)
            let admin = try await home("admin")
            #expect(Self.items("approvals", in: admin)?.contains { $0.contains("expert2") } == true)
            #expect(Self.items("sources-failing", in: admin)?.isEmpty == false)
            let analyst = try await home("analyst")
            #expect(Self.items("triage", in: analyst)?.isEmpty == false)
            #expect(Self.items("my-cases", in: analyst)?.isEmpty == false)
            let coordinator = try await home("coordinator")
            for list in ["groups", "materials-awaiting", "distributions-week", "trainings-coming"] {
                #expect(Self.items(list, in: coordinator)?.isEmpty == false, "\(list)")
            }
            let partner = try await home("partner")
            #expect(Self.items("shared-indicators", in: partner)?.isEmpty == false)
            let auditor = try await home("auditor")
            #expect(Self.items("audit-log", in: auditor)?.isEmpty == false)
            let intact = Translator(language: .ky)("home.chain.intact")
            #expect(Self.section("audit-chain", in: auditor)?.contains(intact) == true)
            let provider = try await home("provider")
            #expect(Self.items("blocklist", in: provider)?.count == 5)
            #expect(try await Volunteer.query(on: app.db).filter(\.$userID != nil).count() == 1)
        }
    }

    @Test func anExpertSeesOnlyTheCasesReferredToThem() async throws {
        try await withApp { app in
            // setup
            for (name, role) in [("an1", Role.analyst), ("ex1", .expert), ("ex2", .expert), ("lg1", .legal)] {
                try await app.makeUser(name, role: role)
            }
            let mine = try await CaseFixtures.people(app: app, analyst: "an1", expert: "ex1", legal: "lg1")
            let theirs = try await CaseFixtures.people(app: app, analyst: "an1", expert: "ex2", legal: "lg1")
            for (people, target) in [(mine, "referred-to-one.example"), (theirs, "referred-to-two.example")] {
                let input = try CaseInput.validate(.init(title: "Case of " + target, target: target))
                let id = try await CaseStore.open(input, actor: people.analyst, app: app)
                try await CaseFixtures.advance(caseID: id, target: input.target, to: .referredToExpert, people: people,
                                               app: app)
            }
            let browser = Browser(app)
            try await browser.login("ex1")
            // MUT
            let home = try await browser.get("/")
            // validate
            let referred = try #require(Self.items("referred", in: home.body))
            #expect(referred.count == 1)
            #expect(referred.first?.contains("referred-to-one.example") == true)
            #expect(!home.body.contains("referred-to-two.example"))
            #expect(home.body.contains("(1)"))
            // The analyst who opened both sees both among their own cases.
            let analyst = Browser(app)
            try await analyst.login("an1")
            let analystHome = try await analyst.get("/").body
            #expect(Self.items("my-cases", in: analystHome)?.count == 2)
        }
    }

    @Test func theProviderDownloadsEveryFormatWithTheSerialAndETagTheAPIAnswersWith() async throws {
        try await withApp { app in
            // setup
            _ = try await CaseFixtures.block(target: "blocked-for-home.example", app: app)
            let providerID = try await app.makeUser("prov", role: .provider)
            let token = try await app.makeToken(for: providerID)
            let browser = Browser(app)
            try await browser.login("prov")
            // MUT
            let home = try await browser.get("/")
            // validate: every format, each with the API's ETag; the curl line names the absolute URL.
            #expect(home.body.contains("id=\"home\" data-role=\"provider\""))
            let formats = try #require(Self.items("blocklist", in: home.body))
            #expect(formats.count == 5)
            let state = try await BlocklistState.find(1, on: app.db)
            let serial = try #require(state?.serial)
            #expect(home.body.contains("data-serial=\"\(serial)\""))
            let api = APIClient(app: app, token: token)
            for name in ["rpz", "hosts", "domains", "csv", "json"] {
                let fetched = try await api.send(.GET, "/blocklist?format=\(name)")
                let etag = try #require(fetched.headers.first(name: .eTag))
                #expect(home.body.contains(etag), "\(name) ETag shown")
                let download = try await browser.get("/blocklist/download/\(name)")
                #expect(download.status == .ok)
                #expect(download.headers.first(name: .eTag) == etag)
                #expect(download.headers.first(name: "X-Blocklist-Serial") == String(serial))
                #expect(download.headers.first(name: .contentDisposition)?.contains("attachment") == true)
                #expect(download.body == fetched.body)
                #expect(home.body.contains("/api/v1/blocklist?format=\(name)"))
            }
            let curl = try #require(Self.section("api", in: home.body))
            #expect(curl.contains("curl "))
            #expect(curl.contains("Authorization: Bearer $KAIGUUL_TOKEN"))
            #expect(curl.contains("http://") || curl.contains("https://"))
            #expect(curl.contains("data-copy=\"#curl-rpz\""))
            #expect(try await browser.get("/blocklist/download/zip").status == .notFound)
            #expect(try await browser.get("/blocklist").status == .ok)
        }
    }

    @Test func theBlockListPageIsRefusedToRolesThatMayNotViewIt() async throws {
        try await withApp { app in
            for role in Role.allCases {
                // setup
                try await app.makeUser("r-\(role.rawValue)", role: role)
                let browser = Browser(app)
                try await browser.login("r-\(role.rawValue)")
                // MUT
                let page = try await browser.get("/blocklist")
                let file = try await browser.get("/blocklist/download/rpz")
                // validate
                let allowed = Permissions.decide(role: role, action: .view, resource: .blocklist).isAllowed
                #expect((page.status == .ok) == allowed, "\(role) \(page.status)")
                #expect((file.status == .ok) == allowed, "\(role) \(file.status)")
                #expect(page.body.contains("href=\"/blocklist\"") == allowed, "\(role) navigation")
            }
            let anonymous = try await Browser(app).get("/blocklist/download/rpz")
            #expect(anonymous.status == .seeOther)
        }
    }

    @Test func thePublicURLNamesTheAddressInTheCurlExample() async throws {
        try await withApp { app in
            // setup
            app.kaiguul.publicURL = "https://kaiguul.example.kg/"
            try await app.makeUser("prov", role: .provider)
            let browser = Browser(app)
            try await browser.login("prov")
            // MUT
            let home = try await browser.get("/")
            // validate
            #expect(home.body.contains("&#39;https://kaiguul.example.kg/api/v1/blocklist?format=rpz&#39;")
                    || home.body.contains("'https://kaiguul.example.kg/api/v1/blocklist?format=rpz'"))
            #expect(!home.body.contains("kaiguul.example.kg//api"))
        }
    }

    @Test func theAdminSeesAccountsAwaitingApprovalAndLockedAccounts() async throws {
        try await withApp { app in
            // setup
            try await app.makeUser("adm", role: .admin)
            try await app.makeUser("carol", role: .coordinator)
            let admin = try #require(try await User.query(on: app.db).filter(\.$username == "adm").first())
            _ = try await UserStore.create(username: "newexpert", displayName: "New Expert", role: .expert,
                                           password: "correct-horse-battery", mustChange: true,
                                           actor: AuditActor(id: admin.id, label: "adm"), app: app)
            let stranger = Browser(app)
            for _ in 0..<LoginLockout.threshold { try await stranger.login("carol", "wrong-password") }
            let browser = Browser(app)
            try await browser.login("adm")
            // MUT
            let home = try await browser.get("/").body
            // validate
            #expect(Self.items("approvals", in: home)?.contains { $0.contains("newexpert") } == true)
            #expect(Self.items("locked", in: home)?.contains { $0.contains("carol") } == true)
            #expect(Self.items("locked", in: home)?.contains { $0.contains("adm<") } != true)
        }
    }

    @Test func theAuditorSeesTheChainBrokenWhenItsHeadWasEdited() async throws {
        try await withApp { app in
            // setup
            try await app.makeUser("aud", role: .auditor)
            let browser = Browser(app)
            try await browser.login("aud")
            let t = Translator(language: .ky)
            let before = try await browser.get("/").body
            #expect(Self.section("audit-chain", in: before)?.contains(t("home.chain.intact")) == true)
            #expect(Self.items("audit-log", in: before)?.isEmpty == false)
            // MUT: the head no longer holds the last row's hash, as after a deleted or rewritten tail.
            let sql = try #require(app.db as? any SQLDatabase)
            let wrong = String(repeating: "0", count: 64)
            try await sql.raw("UPDATE audit_head SET hash = \(bind: wrong) WHERE id = 1").run()
            // validate
            let after = try await browser.get("/").body
            #expect(Self.section("audit-chain", in: after)?.contains(t("home.chain.broken")) == true)
        }
    }

    @Test func theDashboardMovedToItsOwnAddress() async throws {
        try await withApp { app in
            // setup
            try await app.makeUser("an", role: .analyst)
            let browser = Browser(app)
            try await browser.login("an")
            // MUT
            let dashboard = try await browser.get("/dashboard")
            let home = try await browser.get("/")
            // validate
            #expect(dashboard.status == .ok)
            #expect(dashboard.body.contains("id=\"counts\""))
            #expect(!home.body.contains("id=\"counts\""))
            #expect(home.body.contains("href=\"/dashboard\""))
        }
    }
}
