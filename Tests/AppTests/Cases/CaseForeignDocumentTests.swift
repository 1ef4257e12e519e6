import Fluent
import Foundation
import Exchange
import KaiguulCore
import Testing
import Vapor

@testable import App

/// A conclusion or a court decision counts only from a document uploaded into the same case: one
/// uploaded into another case is refused through the store, the API and the page, and nothing is
/// written. (Issue 13, point 12: the other-case check in `CaseStore.facts` was once removed and no
/// test noticed.)
@Suite(.serialized) struct CaseForeignDocumentTests {
    /// What a refused step must leave as it was.
    struct Written: Equatable {
        var events: Int
        var audits: Int
        var decisions: Int
        var orders: Int

        static func count(_ app: Application) async throws -> Written {
            Written(events: try await CaseEvent.query(on: app.db).count(),
                    audits: try await AuditEntry.query(on: app.db).count(),
                    decisions: try await CourtDecision.query(on: app.db).count(),
                    orders: try await BlockOrder.query(on: app.db).count())
        }
    }

    @Test func anotherCasesConclusionIsRefused() async throws {
        try await withApp { app in
            // setup: two cases referred to the same expert; a conclusion uploaded into the first
            let team = try await CaseTeam.make(app)
            let first = try await team.open("conclusion-first.example")
            let second = try await team.open("conclusion-second.example")
            try await team.walk(first, target: "conclusion-first.example", to: "referred_to_expert")
            try await team.walk(second, target: "conclusion-second.example", to: "referred_to_expert")
            let foreign = try #require(try await team.upload(team.expert, first, kind: "expert_conclusion")
                .json["id"] as? Int)
            let browser = Browser(app)
            try await browser.login("expert1")
            let before = try await Written.count(app)

            // MUT: the store, the API and the page, each with the first case's document on the second
            let request = TransitionRequest(action: .recordExpertConclusion(.confirmed), grounds: "",
                                            documentID: foreign)
            let actor = CaseStore.Actor(userID: team.expertID, role: .expert, label: "expert1")
            await #expect(throws: CaseStore.Refused.self) {
                try await CaseStore.transition(caseID: second, request, actor: actor, app: app)
            }
            let api = try await team.step(team.expert, second, ["action": "record_expert_conclusion",
                                                                "finding": "confirmed", "document_id": foreign])
            let page = try await browser.post("/cases/\(second)/transitions", [
                ("action", "record_expert_conclusion"), ("finding", "confirmed"), ("document_id", String(foreign))])

            // validate: refused with the field to mark, and nothing written
            #expect(api.status == .unprocessableEntity, "\(api.body)")
            #expect(api.json["code"] as? String == "missing_document.expert_conclusion")
            #expect(api.json["field"] as? String == "document_id")
            #expect(page.status == .unprocessableEntity)
            #expect(try await team.state(second) == "referred_to_expert")
            #expect(try await Written.count(app) == before)
            // the same document still serves its own case
            #expect(try await team.step(team.expert, first, ["action": "record_expert_conclusion",
                                                             "finding": "confirmed", "document_id": foreign])
                .status == .ok)
        }
    }

    @Test func anotherCasesCourtDecisionIsRefused() async throws {
        try await withApp { app in
            // setup: two cases before the court; a decision uploaded into the first
            let team = try await CaseTeam.make(app)
            let first = try await team.open("decision-first.example")
            let second = try await team.open("decision-second.example")
            try await team.walk(first, target: "decision-first.example", to: "submitted_to_court")
            try await team.walk(second, target: "decision-second.example", to: "submitted_to_court")
            let foreign = try #require(try await team.upload(team.legal, first, kind: "court_decision")
                .json["id"] as? Int)
            let legalID = try #require(try await User.query(on: app.db).filter(\.$username == "legal1").first()?.id)
            let browser = Browser(app)
            try await browser.login("legal1")
            let before = try await Written.count(app)
            let fields: [String: Any] = ["action": "record_court_decision", "outcome": "ordered",
                                         "court": "Demo court", "number": "F-1", "date": CaseDates.today(),
                                         "targets": ["decision-second.example"], "document_id": foreign]

            // MUT: the store, the API and the page, each with the first case's document on the second
            let target = try BlockTarget.parse("decision-second.example")
            let request = TransitionRequest(
                action: .recordCourtDecision(.ordered), grounds: "", documentID: foreign,
                decision: .init(court: "Demo court", number: "F-1", date: CaseDates.today(), targets: [target]))
            let actor = CaseStore.Actor(userID: legalID, role: .legal, label: "legal1")
            await #expect(throws: CaseStore.Refused.self) {
                try await CaseStore.transition(caseID: second, request, actor: actor, app: app)
            }
            let api = try await team.step(team.legal, second, fields)
            let page = try await browser.post("/cases/\(second)/transitions", [
                ("action", "record_court_decision"), ("outcome", "ordered"), ("court", "Demo court"),
                ("number", "F-1"), ("date", CaseDates.today()), ("targets", "decision-second.example"),
                ("document_id", String(foreign))])

            // validate: refused, no decision, no block order, no event, no audit row
            #expect(api.status == .unprocessableEntity, "\(api.body)")
            #expect(api.json["code"] as? String == "missing_document.court_decision")
            #expect(api.json["field"] as? String == "document_id")
            #expect(page.status == .unprocessableEntity)
            #expect(try await team.state(second) == "submitted_to_court")
            #expect(try await Written.count(app) == before)
            // the same document still serves its own case
            var own = fields
            own["targets"] = ["decision-first.example"]
            #expect(try await team.step(team.legal, first, own).status == .ok)
        }
    }
}
