import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App
@testable import KaiguulFixtures

@Suite("Case pages") struct CasePageTests {
    static func multipart(_ fields: [(String, String)], file: Data, filename: String) -> (Data, HTTPMediaType) {
        let boundary = "kaiguul-test-boundary"
        var body = Data()
        for (name, value) in fields {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        body += Data(("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n").utf8)
        body += file
        body += Data("\r\n--\(boundary)--\r\n".utf8)
        return (body, HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary]))
    }

    @Test func walkThroughTheFormsWithRefusalsAndUploads() async throws {
        try await withApp { app in
            let expertID = try await app.makeUser("expert1", role: .expert)
            try await app.makeUser("expert2", role: .expert)
            try await app.makeUser("analyst1", role: .analyst)
            try await app.makeUser("legal1", role: .legal)
            let analyst = Browser(app)
            try await analyst.login("analyst1")

            // An invalid target re-shows the form with 422 next to the field.
            let bad = try await analyst.post("/cases", [("title", "Bad"), ("target", "t.me")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("f-target"))
            let created = try await analyst.post("/cases", [("title", "Кара Туман"), ("target", "https://Kara-Tuman.example/")])
            #expect(created.status == .seeOther)
            let location = try #require(created.headers.first(name: .location))
            let id = try #require(Int(location.split(separator: "/").last ?? ""))
            let page = try await analyst.get(location)
            #expect(page.body.contains("kara-tuman.example"))
            #expect(page.body.contains("action-start_review"))
            #expect(!page.body.contains("action-submit_to_court"))

            // Refused: referring a new case is the wrong state → 409, nothing written.
            let events = try await CaseEvent.query(on: app.db).count()
            let refused = try await analyst.post("/cases/\(id)/transitions",
                                                 [("action", "refer_to_expert"), ("expert_id", String(expertID))])
            #expect(refused.status == .conflict)
            #expect(try await CaseEvent.query(on: app.db).count() == events)

            #expect(try await analyst.post("/cases/\(id)/transitions", [("action", "start_review")]).status == .seeOther)
            #expect(try await analyst.post("/cases/\(id)/transitions",
                                           [("action", "refer_to_expert"), ("expert_id", String(expertID))])
                .status == .seeOther)
            #expect(try await analyst.post("/cases/\(id)/comments", [("text", "Checked the mirror list")])
                .status == .seeOther)

            let expert = Browser(app)
            try await expert.login("expert1")
            let other = Browser(app)
            try await other.login("expert2")
            #expect(try await other.get("/cases/\(id)").status == .notFound)
            let mine = try await expert.get("/cases/\(id)")
            #expect(mine.status == .ok)
            #expect(mine.body.contains("action-record_expert_conclusion"))
            // Conclusion without a document: 422.
            let missing = try await expert.post("/cases/\(id)/transitions",
                                                 [("action", "record_expert_conclusion"), ("finding", "confirmed")])
            #expect(missing.status == .unprocessableEntity)

            let (body, type) = Self.multipart([("_csrf", try await expert.csrfToken()), ("kind", "expert_conclusion")],
                                              file: CaseFixtures.pdf("signed conclusion"), filename: "conclusion.pdf")
            let uploaded = try await expert.postRaw("/cases/\(id)/documents", body: body, contentType: type)
            #expect(uploaded.status == .seeOther)
            let doc = try #require(try await DocumentRecord.query(on: app.db).filter(\.$caseID == id).first())
            let shown = try await expert.get("/cases/\(id)")
            #expect(shown.body.contains(doc.sha256))
            let concluded = try await expert.post("/cases/\(id)/transitions", [
                ("action", "record_expert_conclusion"), ("finding", "confirmed"), ("document_id", String(doc.id ?? 0))])
            #expect(concluded.status == .seeOther)
            #expect(try await CaseRecord.find(id, on: app.db)?.state == "expert_confirmed")

            let download = try await expert.get("/documents/\(doc.id ?? 0)")
            #expect(download.status == .ok)
            #expect(download.body.hasPrefix("%PDF"))
            #expect(try await other.get("/documents/\(doc.id ?? 0)").status == .notFound)

            let legal = Browser(app)
            try await legal.login("legal1")
            #expect(try await legal.post("/cases/\(id)/transitions", [("action", "submit_to_court")]).status == .seeOther)
            let (dbody, dtype) = Self.multipart([("_csrf", try await legal.csrfToken()), ("kind", "court_decision")],
                                                file: CaseFixtures.pdf("decision"), filename: "decision.pdf")
            #expect(try await legal.postRaw("/cases/\(id)/documents", body: dbody, contentType: dtype).status == .seeOther)
            let decision = try #require(try await DocumentRecord.query(on: app.db).filter(\.$kind == "court_decision")
                .first())
            let invalid = try await legal.post("/cases/\(id)/transitions", [
                ("action", "record_court_decision"), ("outcome", "ordered"), ("court", "Court"), ("number", "1"),
                ("date", CaseDates.today()), ("targets", "kara-tuman.example\nnot a domain!"),
                ("document_id", String(decision.id ?? 0))])
            #expect(invalid.status == .unprocessableEntity)
            #expect(invalid.body.contains("f-targets"))
            let ordered = try await legal.post("/cases/\(id)/transitions", [
                ("action", "record_court_decision"), ("outcome", "ordered"), ("court", "Court"), ("number", "1"),
                ("date", CaseDates.today()), ("targets", "kara-tuman.example"), ("document_id", String(decision.id ?? 0))])
            #expect(ordered.status == .seeOther)
            #expect(try await legal.post("/cases/\(id)/transitions", [("action", "mark_blocked")]).status == .seeOther)
            #expect(try await CaseRecord.find(id, on: app.db)?.state == "blocked")

            let orders = try await legal.get("/block-orders")
            #expect(orders.status == .ok)
            #expect(orders.body.contains("kara-tuman.example"))
            let board = try await analyst.get("/cases/board")
            #expect(board.body.contains("data-state=\"blocked\""))
            let filtered = try await analyst.get("/cases?state=blocked&kind=site")
            #expect(filtered.body.contains("Кара Туман"))
            #expect(!(try await analyst.get("/cases?state=new").body.contains("Кара Туман")))
            let dashboard = try await analyst.get("/dashboard")
            #expect(dashboard.body.contains("case-figures"))

            let audits = try await AuditEntry.query(on: app.db).filter(\.$action == "document.download").count()
            #expect(audits == 1)
        }
    }
}
