import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App

/// The court's name and the decision number go into block lists, CSV files and court packets as one
/// line each: control characters, line breaks and bidirectional controls in them are refused with the
/// field named, through the API and the page, and nothing is written. (Issue 13, point 9.)
@Suite(.serialized) struct CourtDecisionTextTests {
    static let hostile: [(field: String, value: String)] = [
        ("court", "Demo\ncourt"), ("court", "Demo\tcourt"), ("court", "Demo\u{07}court"), ("court", "Demo\u{85}court"),
        ("court", "Demo\u{202E}truoc"), ("court", "Demo\u{2028}court"),
        ("number", "D-1\r\nD-2"), ("number", "D-\u{0B}1"), ("number", "\u{2066}D-1\u{2069}"), ("number", "D\u{1B}[2J"),
    ]

    @Test func controlCharactersInCourtOrNumberAreRefused() async throws {
        try await withApp { app in
            // setup: a case before the court, a decision document uploaded
            let team = try await CaseTeam.make(app)
            let id = try await team.open("court-text.example")
            try await team.walk(id, target: "court-text.example", to: "submitted_to_court")
            let doc = try #require(try await team.upload(team.legal, id, kind: "court_decision").json["id"] as? Int)
            let browser = Browser(app)
            try await browser.login("legal1")
            let audits = try await AuditEntry.query(on: app.db).count()
            let messages = Language.allCases.map { Translator(language: $0)("error.control_chars") }

            // MUT + validate: each hostile value refused on its field
            for (field, value) in Self.hostile {
                var body: [String: Any] = ["action": "record_court_decision", "outcome": "ordered",
                                           "court": "Demo court", "number": "D-1", "date": CaseDates.today(),
                                           "targets": ["court-text.example"], "document_id": doc]
                body[field] = value
                let reply = try await team.step(team.legal, id, body)
                #expect(reply.status == .unprocessableEntity, "\(field) \(value.debugDescription): \(reply.body)")
                #expect(reply.json["field"] as? String == field, "\(value.debugDescription)")
                #expect(messages.contains(reply.json["error"] as? String ?? ""), "\(reply.body)")
            }
            #expect(try await team.state(id) == "submitted_to_court")
            #expect(try await CourtDecision.query(on: app.db).count() == 0)
            #expect(try await AuditEntry.query(on: app.db).count() == audits)

            // the page form shows the refusal next to the field
            let page = try await browser.post("/cases/\(id)/transitions", [
                ("action", "record_court_decision"), ("outcome", "ordered"), ("court", "Demo court"),
                ("number", "D-1\u{07}"), ("date", CaseDates.today()), ("targets", "court-text.example"),
                ("document_id", String(doc))])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains(Translator(language: .ky)("error.control_chars")))
            #expect(try await CourtDecision.query(on: app.db).count() == 0)

            // ordinary Kyrgyz, Russian and punctuation stand
            let fine = try await team.step(team.legal, id, [
                "action": "record_court_decision", "outcome": "ordered", "court": "Бишкек шаарынын Биринчи май райондук соту",
                "number": "№ 2-1234/25 (Ү-7)", "date": CaseDates.today(), "targets": ["court-text.example"],
                "document_id": doc])
            #expect(fine.status == .ok, "\(fine.body)")
        }
    }
}
