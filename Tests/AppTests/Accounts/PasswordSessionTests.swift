import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// Issue 13, point 3: a password change or reset ends the account's other sessions and revokes its
/// tokens; "must change password" holds on the server; a one-time password is shown once and expires.
@Suite("Passwords and sessions") struct PasswordSessionTests {
    /// The one-time password a users page revealed.
    static func revealed(_ html: String) -> String? {
        guard let r = html.range(of: "<pre class=\"secret\">") else { return nil }
        let rest = html[r.upperBound...]
        return rest.firstIndex(of: "<").map { String(rest[..<$0]) }
    }

    @Test func changingThePasswordEndsOtherSessionsAndRevokesTokens() async throws {
        try await withApp { app in
            // setup
            let id = try await app.makeUser("alice", role: .analyst)
            let token = try await app.makeToken(for: id)
            let here = Browser(app), elsewhere = Browser(app)
            try await here.login("alice")
            try await elsewhere.login("alice")
            #expect(try await elsewhere.get("/sources").status == .ok)
            // MUT
            let changed = try await here.post("/account/password", [("current", "correct-horse-battery"),
                                                                    ("password", "a-new-long-password")])
            // validate
            #expect(changed.status == .ok)
            #expect(try await here.get("/sources").status == .ok, "the session that changed it stays")
            let other = try await elsewhere.get("/sources")
            #expect(other.status == .seeOther, "the other session must end")
            #expect(try await APIClient(app: app, token: token).send(.GET, "/regions").status == .unauthorized)
            let rows = try await App.SessionRecord.query(on: app.db).all()
            #expect(rows.filter { $0.data.contains("\"\(id)\"") }.count == 1)
        }
    }

    @Test func anAdminResetEndsEverySessionAndRevokesTokens() async throws {
        try await withApp { app in
            // setup
            try await app.makeUser("root", role: .admin)
            let id = try await app.makeUser("alice", role: .analyst)
            let token = try await app.makeToken(for: id)
            let alice = Browser(app), admin = Browser(app)
            try await alice.login("alice")
            try await admin.login("root")
            // MUT
            let reset = try await admin.post("/users/\(id)/reset-password", [])
            // validate
            #expect(reset.status == .ok)
            #expect(Self.revealed(reset.body) != nil)
            #expect(try await alice.get("/sources").status == .seeOther)
            #expect(try await APIClient(app: app, token: token).send(.GET, "/regions").status == .unauthorized)
            let tokens = try await ApiToken.query(on: app.db).filter(\.$user.$id == id).all()
            #expect(tokens.allSatisfy { $0.revokedAt != nil })
            let audit = try await AuditEntry.query(on: app.db).filter(\.$action == "user.reset_password").count()
            #expect(audit == 1)
        }
    }

    @Test func mustChangePasswordLeavesOnlyTheChangeForm() async throws {
        try await withApp { app in
            // setup
            try await app.makeUser("root", role: .admin)
            let admin = Browser(app)
            try await admin.login("root")
            let created = try await admin.post("/users", [("username", "bob"), ("display_name", "Bob"),
                                                         ("role", "analyst")])
            let password = try #require(Self.revealed(created.body))
            let bobID = try #require(try await User.query(on: app.db).filter(\.$username == "bob").first()?.id)
            // A token made before the change (e.g. by an older version) must not get around the rule.
            let token = try await app.makeToken(for: bobID)
            let bob = Browser(app)
            bob.cookies["lang"] = "en"
            #expect(try await bob.login("bob", password).status == .seeOther)
            // MUT + validate: pages send to the change form, writes are refused, the form itself works
            let page = try await bob.get("/sources")
            #expect(page.status == .seeOther)
            #expect(page.headers.first(name: .location) == "/account")
            #expect(try await bob.get("/").status == .seeOther)
            #expect(try await bob.get("/account").status == .ok)
            #expect(try await bob.get("/static/app.css").status == .ok)
            let api = try await APIClient(app: app, token: token).send(.GET, "/regions")
            #expect(api.status == .forbidden)
            #expect(api.json["error"] as? String != nil)
            #expect(api.json["field"] as? String == "password")
            let post = try await bob.post("/sources", [("kind", "website"), ("address", "https://a.example"),
                                                       ("title", "A")])
            #expect(post.status == .seeOther || post.status == .forbidden)
            #expect(try await Source.query(on: app.db).count() == 0)
            let changed = try await bob.post("/account/password", [("current", password),
                                                                   ("password", "bobs-own-password")])
            #expect(changed.status == .ok)
            #expect(try await bob.get("/sources").status == .ok)
        }
    }

    @Test func aOneTimePasswordIsShownOnceAndStoredNowhereInClear() async throws {
        try await withApp { app in
            // setup
            try await app.makeUser("root", role: .admin)
            let admin = Browser(app)
            try await admin.login("root")
            // MUT
            let created = try await admin.post("/users", [("username", "bob"), ("display_name", "Bob"),
                                                         ("role", "analyst")])
            // validate
            let password = try #require(Self.revealed(created.body))
            #expect(created.headers.first(name: .cacheControl)?.contains("no-store") == true)
            let again = try await admin.get("/users")
            #expect(!again.body.contains(password))
            let sql = try #require(app.db as? any SQLDatabase)
            struct Text: Decodable { var t: String }
            let texts = try await sql.raw("""
                SELECT password_hash AS t FROM users UNION ALL SELECT data AS t FROM sessions
                UNION ALL SELECT details AS t FROM audit_log
                """).all(decoding: Text.self)
            #expect(!texts.contains { $0.t.contains(password) })
        }
    }

    @Test func aOneTimePasswordExpires() async throws {
        try await withApp { app in
            // setup
            try await app.makeUser("root", role: .admin)
            let admin = Browser(app)
            try await admin.login("root")
            let created = try await admin.post("/users", [("username", "bob"), ("role", "analyst")])
            let password = try #require(Self.revealed(created.body))
            let sql = try #require(app.db as? any SQLDatabase)
            let past = Date().addingTimeInterval(-60)
            try await sql.raw("UPDATE users SET password_expires_at = \(bind: past) WHERE username = 'bob'").run()
            let bob = Browser(app)
            bob.cookies["lang"] = "en"
            // MUT
            let login = try await bob.login("bob", password)
            // validate
            #expect(login.status == .unauthorized)
            #expect(login.body.contains("expired"))
            #expect(try await bob.get("/account").status == .seeOther)
            // A new reset gives a fresh password that works.
            let bobID = try #require(try await User.query(on: app.db).filter(\.$username == "bob").first()?.id)
            let reset = try await admin.post("/users/\(bobID)/reset-password", [])
            let fresh = try #require(Self.revealed(reset.body))
            #expect(try await Browser(app).login("bob", fresh).status == .seeOther)
        }
    }

    @Test func aPasswordChosenByTheUserDoesNotExpire() async throws {
        try await withApp { app in
            // setup
            let id = try await app.makeUser("alice", role: .analyst)
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("UPDATE users SET password_expires_at = NULL WHERE id = \(bind: id)").run()
            // MUT + validate
            #expect(try await Browser(app).login("alice").status == .seeOther)
            let user = try #require(try await User.find(id, on: app.db))
            #expect(!user.mustChangePassword)
        }
    }
}
