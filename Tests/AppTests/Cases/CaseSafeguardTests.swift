import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App
@testable import KaiguulFixtures

/// The legal safeguards on the server: a court decision dated in the future or before the court
/// submission, or resting on a document already used, is refused with the field to mark and nothing
/// written; the expert's finding and the lift's document are never chosen for the person.
@Suite(.serialized) struct CaseSafeguardTests {
    static func day(_ offset: Int) -> String {
        CaseDates.day(of: Date().addingTimeInterval(Double(offset) * 86_400))
    }

    @Test func courtDecisionsWithImpossibleDatesOrAUsedDocumentAreRefused() async throws {
        try await withApp { app in
            // setup: a case before the court, a decision document uploaded
            let team = try await CaseTeam.make(app)
            let id = try await team.open("safeguard.example")
            try await team.walk(id, target: "safeguard.example", to: "submitted_to_court")
            let doc = try #require(try await team.upload(team.legal, id, kind: "court_decision").json["id"] as? Int)
            func decide(_ date: String, outcome: String = "ordered", document: Int) async throws -> APIClient.Reply {
                try await team.step(team.legal, id, ["action": "record_court_decision", "outcome": outcome,
                                                     "court": "Demo court", "number": "S-\(date)", "date": date,
                                                     "targets": ["safeguard.example"], "document_id": document])
            }
            let audits = try await AuditEntry.query(on: app.db).count()

            // MUT + validate: (date, expected code) — each refused on `date`, nothing written
            for (date, code) in [(Self.day(1), "decision_date_in_future"), (Self.day(400), "decision_date_in_future"),
                                 (Self.day(-2), "decision_date_before_submission"),
                                 ("2001-01-01", "decision_date_before_submission")] {
                let reply = try await decide(date, document: doc)
                #expect(reply.status == .unprocessableEntity, "\(date)")
                #expect(reply.json["code"] as? String == code, "\(date)")
                #expect(reply.json["field"] as? String == "date", "\(date)")
            }
            #expect(try await team.state(id) == "submitted_to_court")
            #expect(try await CourtDecision.query(on: app.db).count() == 0)
            #expect(try await AuditEntry.query(on: app.db).count() == audits)

            // a decision dated the day of the submission stands; its document cannot serve again
            #expect(try await decide(CaseDates.today(), outcome: "rejected", document: doc).status == .ok)
            #expect(try await team.step(team.legal, id, ["action": "appeal", "grounds": "higher court"]).status == .ok)
            let reused = try await decide(CaseDates.today(), document: doc)
            #expect(reused.status == .unprocessableEntity)
            #expect(reused.json["code"] as? String == "decision_document_used")
            #expect(reused.json["field"] as? String == "document_id")
            #expect(try await CourtDecision.query(on: app.db).count() == 1)
            #expect(try await team.state(id) == "submitted_to_court")

            // the page form shows the refusal next to the field (422)
            let fresh = try #require(try await team.upload(team.legal, id, kind: "court_decision",
                                                           data: CaseFixtures.pdf("fresh")).json["id"] as? Int)
            let browser = Browser(app)
            try await browser.login("legal1")
            let page = try await browser.post("/cases/\(id)/transitions", [
                ("action", "record_court_decision"), ("outcome", "ordered"), ("court", "Demo court"),
                ("number", "S-page"), ("date", Self.day(3)), ("targets", "safeguard.example"),
                ("document_id", String(fresh))])
            #expect(page.status == .unprocessableEntity)
            let message = Translator(language: .ky)("case.refusal.decision_date_in_future")
            #expect(page.body.contains("id=\"e-date\">\(message)</p>"), "the refusal is not next to the date field")
            #expect(try await CourtDecision.query(on: app.db).count() == 1)
        }
    }

    @Test func theFindingAndTheLiftDocumentAreNeverPreselected() async throws {
        try await withApp { app in
            // setup
            let team = try await CaseTeam.make(app)
            let id = try await team.open("no-default.example")
            try await team.walk(id, target: "no-default.example", to: "referred_to_expert")
            _ = try await team.upload(team.expert, id, kind: "expert_conclusion")
            let expert = Browser(app)
            try await expert.login("expert1")

            // MUT
            let page = try await expert.get("/cases/\(id)")

            // validate: an empty first option and nothing selected, and the server refuses no choice
            let finding = try #require(Self.select("finding", in: page.body))
            #expect(finding.hasPrefix("<option value=\"\">"))
            #expect(!finding.contains("selected"))
            let document = try #require(Self.select("document_id", in: page.body))
            #expect(document.hasPrefix("<option value=\"\">") && !document.contains("selected"))
            let missing = try await expert.post("/cases/\(id)/transitions", [
                ("action", "record_expert_conclusion"), ("finding", ""), ("document_id", "")])
            #expect(missing.status == .unprocessableEntity)
            #expect(try await team.state(id) == "referred_to_expert")

            // the lift form, on a blocked case
            let blocked = try await team.open("no-default-lift.example")
            try await team.walk(blocked, target: "no-default-lift.example", to: "blocked")
            let legal = Browser(app)
            try await legal.login("legal1")
            let liftPage = try await legal.get("/cases/\(blocked)")
            let lift = try #require(liftPage.body.range(of: "id=\"action-lift_block\"").map { String(liftPage.body[$0.upperBound...]) })
            let liftDocument = try #require(Self.select("document_id", in: lift))
            #expect(liftDocument.hasPrefix("<option value=\"\">") && !liftDocument.contains("selected"))
            let noDocument = try await team.step(team.legal, blocked, ["action": "lift_block", "court": "C",
                                                                       "number": "R", "date": CaseDates.today()])
            #expect(noDocument.status == .unprocessableEntity)
            #expect(noDocument.json["field"] as? String == "document_id")
        }
    }

    /// The options of the first `<select name="NAME">` in `html`.
    static func select(_ name: String, in html: String) -> String? {
        guard let start = html.range(of: "<select name=\"\(name)\"") else { return nil }
        let rest = html[start.upperBound...]
        guard let open = rest.range(of: ">"), let close = rest.range(of: "</select>") else { return nil }
        return String(rest[open.upperBound..<close.lowerBound])
    }
}
