import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App

/// Issue 13, point 4: an expert or legal account an admin creates, re-enables or resets acts only
/// after a second, different admin approved it; every step is audited.
@Suite("Four eyes on expert and legal accounts") struct FourEyesTests {
    struct Admins {
        let first: Browser
        let second: Browser
    }

    static func admins(_ app: Application) async throws -> Admins {
        try await app.makeUser("root1", role: .admin)
        try await app.makeUser("root2", role: .admin)
        let first = Browser(app), second = Browser(app)
        first.cookies["lang"] = "en"
        second.cookies["lang"] = "en"
        try await first.login("root1")
        try await second.login("root2")
        return Admins(first: first, second: second)
    }

    static func id(_ username: String, _ app: Application) async throws -> Int {
        try #require(try await User.query(on: app.db).filter(\.$username == username).first()?.id)
    }

    static func audited(_ action: String, _ userID: Int, _ app: Application) async throws -> Int {
        try await AuditEntry.query(on: app.db).filter(\.$action == action).filter(\.$objectID == String(userID)).count()
    }

    @Test(arguments: [Role.expert, .legal])
    func aNewAccountWaitsForASecondAdmin(role: Role) async throws {
        try await withApp { app in
            // setup
            let admins = try await Self.admins(app)
            let created = try await admins.first.post("/users", [("username", "carol"), ("role", role.rawValue)])
            let password = try #require(PasswordSessionTests.revealed(created.body))
            let carolID = try await Self.id("carol", app)
            let carol = Browser(app)
            carol.cookies["lang"] = "en"
            // MUT + validate: no login before approval, and the creator cannot approve
            let early = try await carol.login("carol", password)
            #expect(early.status == .forbidden)
            #expect(early.body.contains("approval"))
            let own = try await admins.first.post("/users/\(carolID)/approve", [])
            #expect(own.status == .forbidden || own.status == .conflict)
            #expect(try await carol.login("carol", password).status == .forbidden)
            let list = try await admins.second.get("/users")
            #expect(list.body.contains("id=\"pending\""))
            #expect(list.body.contains("/users/\(carolID)/approve"))
            let approved = try await admins.second.post("/users/\(carolID)/approve", [])
            #expect(approved.status == .seeOther)
            #expect(try await carol.login("carol", password).status == .seeOther)
            #expect(try await Self.audited("user.approval_requested", carolID, app) == 1)
            #expect(try await Self.audited("user.approve", carolID, app) == 1)
        }
    }

    @Test func anAnalystAccountNeedsNoSecondAdmin() async throws {
        try await withApp { app in
            // setup
            let admins = try await Self.admins(app)
            // MUT
            let created = try await admins.first.post("/users", [("username", "dan"), ("role", "analyst")])
            // validate
            let password = try #require(PasswordSessionTests.revealed(created.body))
            #expect(try await Browser(app).login("dan", password).status == .seeOther)
        }
    }

    @Test func aResetOfALegalAccountStopsItsTokensUntilApproved() async throws {
        try await withApp { app in
            // setup
            let admins = try await Self.admins(app)
            let legalID = try await app.makeUser("lena", role: .legal)
            try await admins.first.post("/users/\(legalID)/reset-password", [])
            let token = try await TokenStore.create(userID: legalID, name: "after reset", actor: .commandLine,
                                                    app: app).token
            // MUT + validate
            #expect(try await APIClient(app: app, token: token).send(.GET, "/regions").status != .ok)
            let refused = try await admins.first.post("/users/\(legalID)/approve", [])
            #expect(refused.status == .forbidden || refused.status == .conflict)
            #expect(try await admins.second.post("/users/\(legalID)/approve", []).status == .seeOther)
            #expect(try await Browser(app).login("lena").status == .unauthorized, "the old password is gone")
            let user = try #require(try await User.find(legalID, on: app.db))
            #expect(user.approvalPending == nil)
        }
    }

    @Test func reEnablingAnExpertWaitsAndARefusalKeepsItDisabled() async throws {
        try await withApp { app in
            // setup
            let admins = try await Self.admins(app)
            let expertID = try await app.makeUser("erik", role: .expert)
            try await admins.first.post("/users/\(expertID)/disable", [])
            // MUT
            try await admins.first.post("/users/\(expertID)/enable", [])
            // validate
            #expect(try await Browser(app).login("erik").status == .forbidden)
            let refused = try await admins.second.post("/users/\(expertID)/refuse", [])
            #expect(refused.status == .seeOther)
            let user = try #require(try await User.find(expertID, on: app.db))
            #expect(user.disabled)
            #expect(user.approvalPending == nil)
            #expect(try await Browser(app).login("erik").status == .unauthorized)
            #expect(try await Self.audited("user.refuse", expertID, app) == 1)
        }
    }

    @Test func theCommandLineIsOneEyeOnly() async throws {
        try await withApp { app in
            // setup: on an empty database the first admin comes from the command line and acts at once
            let rootID = try await UserStore.create(username: "root", displayName: "Root", role: .admin,
                                                    password: "correct-horse-battery", mustChange: false,
                                                    actor: .commandLine, app: app).id
            #expect(try await Browser(app).login("root").status == .seeOther)
            // MUT: an expert made on the command line waits for an admin signed in on the web
            let expertID = try await UserStore.create(username: "eve", displayName: "Eve", role: .expert,
                                                      password: "correct-horse-battery", mustChange: false,
                                                      actor: .commandLine, app: app).id
            // validate
            #expect(try await Browser(app).login("eve").status == .forbidden)
            await #expect(throws: AppError.self) {
                try await UserStore.approve(expertID, actor: .commandLine, app: app)
            }
            try await UserStore.approve(expertID, actor: AuditActor(id: rootID, label: "root"), app: app)
            #expect(try await Browser(app).login("eve").status == .seeOther)
        }
    }

    @Test func oneAdminCannotApproveThroughAnAdminAccountOfTheirOwn() async throws {
        try await withApp { app in
            // setup: the only admin makes a second admin account on the web
            try await app.makeUser("solo", role: .admin)
            let solo = Browser(app)
            try await solo.login("solo")
            let created = try await solo.post("/users", [("username", "puppet"), ("role", "admin")])
            let password = try #require(PasswordSessionTests.revealed(created.body))
            let puppetID = try await Self.id("puppet", app)
            // MUT + validate: the new admin cannot sign in, and its maker cannot approve it
            #expect(try await Browser(app).login("puppet", password).status == .forbidden)
            let own = try await solo.post("/users/\(puppetID)/approve", [])
            #expect(own.status == .forbidden)
            let puppet = AuditActor(id: puppetID, label: "puppet")
            let expertID = try await UserStore.create(username: "erin", displayName: "Erin", role: .expert,
                                                      password: "correct-horse-battery", mustChange: false,
                                                      actor: AuditActor(id: nil, label: "solo"), app: app).id
            await #expect(throws: AppError.self) { try await UserStore.approve(expertID, actor: puppet, app: app) }
        }
    }

    @Test func aSecondAdminFromTheCommandLineIsApprovedByTheFirst() async throws {
        try await withApp { app in
            // setup
            let firstID = try await UserStore.create(username: "first", displayName: "First", role: .admin,
                                                     password: "correct-horse-battery", mustChange: false,
                                                     actor: .commandLine, app: app).id
            // MUT
            let secondID = try await UserStore.create(username: "second", displayName: "Second", role: .admin,
                                                      password: "correct-horse-battery", mustChange: false,
                                                      actor: .commandLine, app: app).id
            // validate
            #expect(try await Browser(app).login("first").status == .seeOther, "the first admin acts at once")
            #expect(try await Browser(app).login("second").status == .forbidden)
            try await UserStore.approve(secondID, actor: AuditActor(id: firstID, label: "first"), app: app)
            #expect(try await Browser(app).login("second").status == .seeOther)
        }
    }
}
