import Fluent
import Testing
import Vapor

@testable import App

@Suite("Accounts, sessions and lockout") struct AuthTests {
    @Test func loginSetsHardenedSessionCookieAndLogoutEndsIt() async throws {
        try await withApp { app in
            try await app.makeUser("alice", role: .analyst)
            let browser = Browser(app)
            let page = try await browser.login("alice")
            #expect(page.status == .seeOther)
            let cookie = try #require(browser.lastSetCookieHeaders.first { $0.hasPrefix("kaiguul_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(!cookie.contains("Secure"))
            let dash = try await browser.get("/")
            #expect(dash.status == .ok)
            #expect(dash.body.contains("Alice"))

            try await browser.post("/logout", [])
            let after = try await browser.get("/sources")
            #expect(after.status == .seeOther)
            #expect(after.headers.first(name: .location)?.hasPrefix("/login") == true)
        }
    }

    @Test func sessionIdChangesAtLogin() async throws {
        try await withApp { app in
            try await app.makeUser("alice", role: .analyst)
            try await app.makeUser("bob", role: .analyst)
            let browser = Browser(app)
            // The login form writes no session; a session exists once someone has signed in.
            try await browser.get("/login")
            #expect(browser.cookies["kaiguul_session"] == nil)
            try await browser.login("bob")
            let before = try #require(browser.cookies["kaiguul_session"])
            try await browser.post("/login", [("username", "alice"), ("password", "correct-horse-battery")])
            let after = try #require(browser.cookies["kaiguul_session"])
            #expect(before != after)
            // The pre-login session no longer exists on the server.
            #expect(try await SessionRecord.find(before, on: app.db) == nil)
        }
    }

    @Test func wrongPasswordIsRefusedAndAudited() async throws {
        try await withApp { app in
            try await app.makeUser("alice", role: .analyst)
            let page = try await Browser(app).login("alice", "wrong-password-1")
            #expect(page.status == .unauthorized)
            #expect(page.body.contains("Wrong username or password") || page.body.contains("туура эмес"))
            let failed = try await AuditEntry.query(on: app.db).filter(\.$action == "login.failed").count()
            #expect(failed == 1)
        }
    }

    @Test func tenFailuresLockTheAccountFromThatAddress() async throws {
        try await withApp { app in
            try await app.makeUser("alice", role: .analyst)
            let browser = Browser(app)
            browser.cookies["lang"] = "en"
            for _ in 0..<10 {
                let page = try await browser.login("alice", "wrong-password-1")
                #expect(page.status == .unauthorized)
            }
            // Even the right password is refused now, with a message that says why and for how long.
            let locked = try await browser.login("alice")
            #expect(locked.status == .tooManyRequests)
            #expect(locked.body.contains("locked for 15 minutes"))
        }
    }

    @Test(arguments: [
        (9, false), (10, true), (11, true),
    ])
    func lockoutRule(failures: Int, locked: Bool) {
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let times = (0..<failures).map { start.addingTimeInterval(Double($0) * 60) }
        #expect((LoginLockout.lockedUntil(failures: times) != nil) == locked)
    }

    @Test func failuresSpreadOverMoreThanFifteenMinutesDoNotLock() {
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let times = (0..<10).map { start.addingTimeInterval(Double($0) * 120) }  // 18 minutes
        #expect(LoginLockout.lockedUntil(failures: times) == nil)
        let dense = (0..<10).map { start.addingTimeInterval(Double($0) * 60) }
        #expect(LoginLockout.lockedUntil(failures: dense) == dense[9].addingTimeInterval(15 * 60))
    }

    @Test func formWithoutCSRFTokenIsRefused() async throws {
        try await withApp { app in
            try await app.makeUser("alice", role: .analyst)
            let browser = Browser(app)
            try await browser.login("alice")
            let page = try await browser.post("/sources", [("kind", "website"), ("address", "https://a.example")], csrf: false)
            #expect(page.status == .forbidden)
            #expect(try await Source.query(on: app.db).count() == 0)
            let forged = try await browser.post("/sources", [("kind", "website"), ("address", "https://a.example"),
                                                             ("_csrf", "forged")], csrf: false)
            #expect(forged.status == .forbidden)
        }
    }

    @Test func disabledUserLosesSessionAndTokens() async throws {
        try await withApp { app in
            let id = try await app.makeUser("alice", role: .analyst)
            let token = try await app.makeToken(for: id)
            let browser = Browser(app)
            try await browser.login("alice")
            try await UserStore.setDisabled(id, disabled: true, actor: .commandLine, app: app)
            #expect(try await browser.get("/sources").status == .seeOther)
            #expect(try await APIClient(app: app, token: token).send(.GET, "/sources").status == .unauthorized)
        }
    }

    @Test func languageChoiceIsRememberedOnTheUser() async throws {
        try await withApp { app in
            try await app.makeUser("alice", role: .analyst)
            let browser = Browser(app)
            try await browser.login("alice")
            try await browser.post("/language", [("lang", "ru"), ("back", "/")])
            let user = try #require(try await User.query(on: app.db).filter(\.$username == "alice").first())
            #expect(user.language == "ru")
            // A new browser without the cookie still gets Russian after signing in.
            let other = Browser(app)
            try await other.login("alice")
            let page = try await other.get("/sources")
            #expect(page.body.contains("Отслеживаемые источники"))
            #expect(page.body.contains("lang=\"ru\""))
        }
    }
}
