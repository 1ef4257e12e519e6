import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App
@testable import KaiguulFixtures

/// Issue 13, point 4: an admin never records a step of a case, whichever path the request takes:
/// the API, the pages, or a store called directly.
@Suite("An admin records no case step") struct AdminNeverActsTests {
    @Test func everyCaseWriteOfTheStoreRefusesAnAdmin() async throws {
        try await withApp { app in
            // setup
            let team = try await CaseTeam.make(app)
            let caseID = try await team.open("https://admin-never.example")
            let adminID = try await app.makeUser("root", role: .admin)
            let admin = CaseStore.Actor(userID: adminID, role: .admin, label: "root")
            let before = try await CaseEvent.query(on: app.db).count()
            // MUT + validate: one row per case write of the store
            let writes: [(String, @Sendable () async throws -> Void)] = [
                ("open", {
                    let target = try CaseInput.parseTarget("admin-open.example", field: "target")
                    let input = CaseInput(title: "By admin", target: target, platform: nil, regionID: nil,
                                          organizationID: nil, assigneeID: nil, evidenceURL: nil, note: "")
                    _ = try await CaseStore.open(input, actor: admin, app: app)
                }),
                ("start_review", {
                    let request = TransitionRequest(action: .startReview, grounds: "")
                    _ = try await CaseStore.transition(caseID: caseID, request, actor: admin, app: app)
                }),
                ("comment", { try await CaseStore.comment(caseID: caseID, text: "note", actor: admin, app: app) }),
                ("assign", {
                    try await CaseStore.assign(caseID: caseID, assigneeID: team.expertID, actor: admin, app: app)
                }),
                ("document", {
                    _ = try await DocumentStore.store(CaseFixtures.pdf("by admin"), filename: "a.pdf",
                                                      kind: .courtDecision, caseID: caseID, actor: admin, app: app)
                }),
            ]
            for (name, write) in writes {
                await #expect(throws: (any Error).self, "\(name) by an admin") { try await write() }
            }
            #expect(try await CaseEvent.query(on: app.db).count() == before)
            #expect(try await DocumentRecord.query(on: app.db).count() == 0)
            #expect(try await CaseRecord.query(on: app.db).count() == 1)
        }
    }

    @Test func everyCaseRouteRefusesAnAdmin() async throws {
        try await withApp { app in
            // setup
            let team = try await CaseTeam.make(app)
            let caseID = try await team.open("https://admin-route.example")
            let adminID = try await app.makeUser("root", role: .admin)
            let api = APIClient(app: app, token: try await app.makeToken(for: adminID))
            let browser = Browser(app)
            try await browser.login("root")
            let before = try await CaseEvent.query(on: app.db).count()
            // MUT + validate
            for kind in CaseAction.Kind.allCases where kind != .open {
                let reply = try await api.send(.POST, "/cases/\(caseID)/transitions",
                                               json: json(["action": kind.rawValue, "grounds": "g"]))
                #expect(reply.status == .forbidden, "\(kind.rawValue): \(reply.body)")
                let page = try await browser.post("/cases/\(caseID)/transitions", [("action", kind.rawValue),
                                                                                   ("grounds", "g")])
                #expect(page.status == .forbidden, "\(kind.rawValue) (page)")
            }
            #expect(try await api.send(.POST, "/cases", json: json(["title": "t", "target": "a.example"])).status
                    == .forbidden)
            #expect(try await browser.post("/cases/\(caseID)/comments", [("text", "hi")]).status == .forbidden)
            #expect(try await browser.post("/cases/\(caseID)/assign", [("assignee_id", "")]).status == .forbidden)
            #expect(try await CaseEvent.query(on: app.db).count() == before)
        }
    }
}
