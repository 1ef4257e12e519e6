import Fluent
import Foundation
import Testing
import Vapor

@testable import App

/// Failed logins are limited per address as well as per account; looking at the public forms
/// writes no session row; expired sessions do not pile up.
@Suite("Login throttling and sessions") struct ThrottlingTests {
    @Test func anonymousFormsWriteNoSessionRows() async throws {
        try await withApp { app in
            // setup
            try await app.makeUser("alice", role: .analyst)
            let visitor = Browser(app)
            // MUT: look at the forms, send a tip, fail a login, switch the language
            try await visitor.get("/login")
            try await visitor.get("/tip")
            let tip = try await visitor.post("/tip", [("urls", "https://site.example/p"), ("comment", "Slogans"),
                                                      ("website", "")])
            let failed = try await visitor.post("/login", [("username", "alice"), ("password", "wrong")])
            let language = try await visitor.post("/language", [("lang", "ru"), ("back", "/login")])
            // validate
            #expect(tip.status == .ok)
            #expect(failed.status == .unauthorized)
            #expect(language.status == .seeOther)
            #expect(try await App.SessionRecord.query(on: app.db).count() == 0)
            // a session once someone signs in, and the forms keep working
            let signedIn = try await visitor.post("/login", [("username", "alice"), ("password", "correct-horse-battery")])
            #expect(signedIn.status == .seeOther)
            #expect(try await App.SessionRecord.query(on: app.db).count() == 1)
            #expect(try await visitor.get("/account").status == .ok)
        }
    }

    @Test func anonymousFormWithoutItsCookieIsRefused() async throws {
        try await withApp { app in
            // setup: a token taken from a page, posted by a browser that never had the cookie
            let attacker = Browser(app)
            let token = try #require(Browser.extractCSRF(try await attacker.get("/tip").body))
            let victim = Browser(app)
            // MUT
            let forged = try await victim.send(.POST, "/tip", fields: [("urls", "https://site.example/p"),
                                                                         ("_csrf", token)])
            // validate
            #expect(forged == .forbidden)
            #expect(try await Tip.query(on: app.db).count() == 0)
        }
    }

    @Test func failedLoginsAcrossUsernamesLockTheAddress() async throws {
        try await withApp { app in
            // setup: one address tries one password on many accounts
            try await app.makeUser("alice", role: .analyst)
            let sprayer = PeerClient(app, peer: "203.0.113.80")
            try await sprayer.get("/login")
            for n in 0..<LoginLockout.addressThreshold {
                let reply = try await sprayer.post("/login", [("username", "user\(n)"), ("password", "Summer2026")])
                #expect(reply.status == .unauthorized)
            }
            // MUT
            let locked = try await sprayer.post("/login", [("username", "alice"), ("password", "correct-horse-battery")])
            let elsewhere = PeerClient(app, peer: "203.0.113.81")
            try await elsewhere.get("/login")
            let other = try await elsewhere.post("/login", [("username", "alice"), ("password", "correct-horse-battery")])
            // validate
            #expect(locked.status == .tooManyRequests)
            #expect(other.status == .seeOther)
        }
    }

    @Test func expiredSessionsAreSwept() async throws {
        try await withApp { app in
            // setup: one expired and one live session of earlier visitors
            for (id, offset) in [("expired-session", -3600.0), ("live-session", 3600.0)] {
                let record = App.SessionRecord()
                record.id = id
                record.data = "{}"
                record.expiresAt = Date().addingTimeInterval(offset)
                try await record.create(on: app.db)
            }
            try await app.makeUser("alice", role: .analyst)
            // MUT
            #expect(try await Browser(app).login("alice").status == .seeOther)
            // validate
            let left = try await App.SessionRecord.query(on: app.db).all().compactMap(\.id)
            #expect(!left.contains("expired-session"))
            #expect(left.contains("live-session"))
            #expect(left.count == 2)
        }
    }
}

extension Browser {
    /// Posts form fields exactly as given, with this browser's cookies; returns the status.
    func send(_ method: HTTPMethod, _ path: String, fields: [(String, String)]) async throws -> HTTPResponseStatus {
        try await postRaw(path, body: Self.formEncode(fields), contentType: .urlEncodedForm).status
    }
}
