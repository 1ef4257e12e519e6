import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App
@testable import KaiguulFixtures

/// A legal officer records a court decision's appeal state on the case page; a reversal makes it
/// overturned, which nobody can record by hand.
@Suite("Court decision appeal state") struct AppealStateTests {
    @Test func legalRecordsAppealedThenFinalAndNothingAfter() async throws {
        try await withApp { app in
            let caseID = try await CaseFixtures.block(target: "ak-boroon-fictional.example", app: app)
            let decision = try #require(try await CourtDecision.query(on: app.db).filter(\.$caseID == caseID).first())
            let id = try decision.requireID()
            #expect(decision.appealState == "appealable")
            try await app.makeUser("legal1", role: .legal)
            try await app.makeUser("analyst1", role: .analyst)
            let analyst = Browser(app)
            try await analyst.login("analyst1")
            #expect(!(try await analyst.get("/cases/\(caseID)").body.contains("appeal-form")))
            #expect(try await analyst.post("/court-decisions/\(id)/appeal", [("appeal_state", "final")]).status == .forbidden)
            let legal = Browser(app)
            try await legal.login("legal1")
            let page = try await legal.get("/cases/\(caseID)")
            #expect(page.body.contains("data-appeal=\"appealable\""))
            #expect(page.body.contains("action=\"/court-decisions/\(id)/appeal\""))
            // Overturned is never recorded by hand.
            let forged = try await legal.post("/court-decisions/\(id)/appeal", [("appeal_state", "overturned")])
            #expect(forged.status == .conflict)
            let unknown = try await legal.post("/court-decisions/\(id)/appeal", [("appeal_state", "maybe")])
            #expect(unknown.status == .unprocessableEntity)
            _ = try await legal.post("/court-decisions/\(id)/appeal", [("appeal_state", "appealed")])
            #expect(try await CourtDecision.find(id, on: app.db)?.appealState == "appealed")
            _ = try await legal.post("/court-decisions/\(id)/appeal", [("appeal_state", "final")])
            #expect(try await CourtDecision.find(id, on: app.db)?.appealState == "final")
            let again = try await legal.post("/court-decisions/\(id)/appeal", [("appeal_state", "appealed")])
            #expect(again.status == .conflict)
            #expect(try await CourtDecision.find(id, on: app.db)?.appealState == "final")
            let audited = try await AuditEntry.query(on: app.db).filter(\.$action == "court_decision.appeal").all()
            #expect(audited.count == 2)
            #expect(audited.last?.details.contains("\"to\":\"final\"") == true)
        }
    }

    @Test func aReversedDecisionShowsOverturnedAndTakesNoStep() async throws {
        try await withApp { app in
            let caseID = try await CaseFixtures.block(target: "kok-jel-fictional.example", app: app)
            _ = try await CaseFixtures.lift(target: "kok-jel-fictional.example", app: app)
            let ordered = try #require(try await CourtDecision.query(on: app.db).filter(\.$caseID == caseID)
                .filter(\.$outcome == "ordered").first())
            #expect(try await CourtDecision.query(on: app.db).filter(\.$reversesID == ordered.id).count() == 1)
            try await app.makeUser("legal1", role: .legal)
            let legal = Browser(app)
            try await legal.login("legal1")
            let page = try await legal.get("/cases/\(caseID)")
            #expect(page.body.contains("data-appeal=\"overturned\""))
            #expect(!page.body.contains("action=\"/court-decisions/\(try ordered.requireID())/appeal\""))
            let tried = try await legal.post("/court-decisions/\(try ordered.requireID())/appeal", [("appeal_state", "final")])
            #expect(tried.status == .conflict)
        }
    }
}
