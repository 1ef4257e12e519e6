import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App
@testable import KaiguulFixtures

@Suite("Cases through the API") struct CaseAPITests {
    @Test func fullPathFromFindingToLiftedBlock() async throws {
        try await withApp { app in
            let team = try await CaseTeam.make(app)
            let id = try await team.open("https://kara-tuman.example/")
            try await team.walk(id, target: "kara-tuman.example", to: "blocked")
            #expect(try await team.state(id) == "blocked")
            let orders = try await BlockOrder.query(on: app.db).filter(\.$caseID == id).all()
            #expect(orders.map(\.status) == ["active"])
            #expect(orders.first?.target == "kara-tuman.example")

            let lifted = try await team.lift(id)
            #expect(lifted.status == .ok, "\(lifted.body)")
            #expect(try await team.state(id) == "lifted")
            let after = try await BlockOrder.query(on: app.db).filter(\.$caseID == id).all()
            #expect(after.map(\.status) == ["lifted"])
            #expect(after.first?.liftedByDecisionID != nil)

            // Every transition wrote an event and an audit row.
            let events = try await CaseEvent.query(on: app.db).filter(\.$caseID == id).sort(\.$id).all()
            #expect(events.map(\.action) == ["open", "start_review", "refer_to_expert", "record_expert_conclusion",
                                             "submit_to_court", "record_court_decision", "mark_blocked", "lift_block"])
            let audits = try await AuditEntry.query(on: app.db).filter(\.$objectType == "case")
                .filter(\.$objectID == String(id)).all().map(\.action)
            for action in ["case.open", "case.start_review", "case.refer_to_expert", "case.record_expert_conclusion",
                           "case.submit_to_court", "case.record_court_decision", "case.mark_blocked",
                           "case.lift_block"] {
                #expect(audits.contains(action), "\(action)")
            }
        }
    }

    @Test func refusedTransitionIs409AndWritesNothing() async throws {
        try await withApp { app in
            let team = try await CaseTeam.make(app)
            let id = try await team.open("refused.example")
            let events = try await CaseEvent.query(on: app.db).count()
            let audits = try await AuditEntry.query(on: app.db).count()
            // Wrong state: a new case cannot go to court.
            let reply = try await team.step(team.legal, id, ["action": "submit_to_court"])
            #expect(reply.status == .conflict)
            #expect(reply.json["code"] as? String == "wrong_state")
            // Wrong role: legal may not start a review.
            #expect(try await team.step(team.legal, id, ["action": "start_review"]).status == .forbidden)
            #expect(try await CaseEvent.query(on: app.db).count() == events)
            #expect(try await AuditEntry.query(on: app.db).count() == audits)
            #expect(try await team.state(id) == "new")
        }
    }

    @Test func missingDocumentIs422() async throws {
        try await withApp { app in
            let team = try await CaseTeam.make(app)
            let id = try await team.open("nodoc.example")
            try await team.walk(id, target: "nodoc.example", to: "referred_to_expert")
            let reply = try await team.step(team.expert, id, ["action": "record_expert_conclusion",
                                                              "finding": "confirmed"])
            #expect(reply.status == .unprocessableEntity)
            #expect(reply.json["field"] as? String == "document_id")
            // A document of the wrong kind does not count either.
            let evidence = try #require(try await team.upload(team.expert, id, kind: "evidence").json["id"] as? Int)
            let wrongKind = try await team.step(team.expert, id, ["action": "record_expert_conclusion",
                                                                  "finding": "confirmed", "document_id": evidence])
            #expect(wrongKind.status == .unprocessableEntity)
            #expect(wrongKind.json["code"] as? String == "missing_document.expert_conclusion")
            #expect(try await team.state(id) == "referred_to_expert")
        }
    }

    @Test func invalidTargetIs422NamingTheField() async throws {
        try await withApp { app in
            let team = try await CaseTeam.make(app)
            let bad = try await team.analyst.send(.POST, "/cases", json: json(["title": "x", "target": "com.kg"]))
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.json["field"] as? String == "target")
            let id = try await team.open("court.example")
            try await team.walk(id, target: "court.example", to: "submitted_to_court")
            let d = try #require(try await team.upload(team.legal, id, kind: "court_decision").json["id"] as? Int)
            let reply = try await team.step(team.legal, id, [
                "action": "record_court_decision", "outcome": "ordered", "court": "C", "number": "1",
                "date": CaseDates.today(), "targets": ["court.example", "not a domain!"], "document_id": d])
            #expect(reply.status == .unprocessableEntity)
            #expect(reply.json["field"] as? String == "targets")
            // A decision that does not name the case's target cannot order it.
            let other = try await team.step(team.legal, id, [
                "action": "record_court_decision", "outcome": "ordered", "court": "C", "number": "1",
                "date": CaseDates.today(), "targets": ["elsewhere.example"], "document_id": d])
            #expect(other.status == .unprocessableEntity)
            #expect(other.json["code"] as? String == "decision_does_not_name_target")
            #expect(try await BlockOrder.query(on: app.db).count() == 0)
        }
    }

    @Test func expertSeesOnlyCasesReferredToThem() async throws {
        try await withApp { app in
            let team = try await CaseTeam.make(app)
            let id = try await team.open("referred.example")
            let hidden = try await team.open("hidden.example")
            try await team.walk(id, target: "referred.example", to: "referred_to_expert")
            #expect(try await team.expert.send(.GET, "/cases/\(id)").status == .ok)
            #expect(try await team.expert.send(.GET, "/cases/\(hidden)").status == .notFound)
            #expect(try await team.otherExpert.send(.GET, "/cases/\(id)").status == .notFound)
            let c = try #require(try await team.upload(team.expert, id, kind: "expert_conclusion").json["id"] as? Int)
            let other = try await team.step(team.otherExpert, id, ["action": "record_expert_conclusion",
                                                                   "finding": "confirmed", "document_id": c])
            #expect(other.status == .notFound)
            #expect(try await team.otherExpert.send(.GET, "/documents/\(c)").status == .notFound)
            let list = try await team.otherExpert.send(.GET, "/cases")
            #expect(list.json["total"] as? Int == 0)
            #expect(try await team.expert.send(.GET, "/cases").json["total"] as? Int == 1)
        }
    }

    @Test func parallelTransitionsOfOneCaseLetExactlyOneThrough() async throws {
        try await withApp { app in
            let team = try await CaseTeam.make(app)
            let id = try await team.open("race.example")
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for _ in 0..<4 {
                    group.addTask { try await team.step(team.analyst, id, ["action": "start_review"]).status }
                }
                return try await group.reduce(into: [HTTPResponseStatus]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .ok }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count == 3)
            let reviews = try await CaseEvent.query(on: app.db).filter(\.$caseID == id)
                .filter(\.$action == "start_review").count()
            #expect(reviews == 1)
            #expect(try await CaseRecord.find(id, on: app.db)?.version == 2)
        }
    }

    @Test func documentsAreStoredOnceAndDownloadsAudited() async throws {
        try await withApp { app in
            let team = try await CaseTeam.make(app)
            let id = try await team.open("docs.example")
            let data = CaseFixtures.pdf("same bytes")
            let first = try await team.upload(team.analyst, id, kind: "evidence", data: data)
            let second = try await team.upload(team.analyst, id, kind: "evidence", data: data)
            #expect(first.status == .created)
            let sha = try #require(first.json["sha256"] as? String)
            #expect(second.json["sha256"] as? String == sha)
            let blob = app.kaiguul.blobDirectory.appendingPathComponent(
                "sha256/\(sha.prefix(2))/\(sha.dropFirst(2).prefix(2))/\(sha)")
            #expect(FileManager.default.fileExists(atPath: blob.path))
            let files = FileManager.default.enumerator(atPath: app.kaiguul.blobDirectory.path)?
                .compactMap { $0 as? String }.filter { $0.hasSuffix(sha) } ?? []
            #expect(files.count == 1)
            // Not a document: refused by its bytes, whatever its name says.
            let fake = try await team.upload(team.analyst, id, kind: "evidence", data: Data("MZ\u{90}".utf8),
                                             filename: "x.pdf")
            #expect(fake.status == .unprocessableEntity)
            // Over the configured limit (5 MB in tests): refused, nothing stored.
            var big = CaseFixtures.pdf("big")
            big.append(Data(count: 5 * 1_048_576))
            let tooLarge = try await team.upload(team.analyst, id, kind: "evidence", data: big)
            #expect(tooLarge.status == .payloadTooLarge)
            #expect(try await DocumentRecord.query(on: app.db).count() == 2)
            let docID = try #require(first.json["id"] as? Int)
            let download = try await team.legal.send(.GET, "/documents/\(docID)")
            #expect(download.status == .ok)
            #expect(download.body.hasPrefix("%PDF-"))
            let audited = try await AuditEntry.query(on: app.db).filter(\.$action == "document.download")
                .filter(\.$objectID == String(docID)).count()
            #expect(audited == 1)
        }
    }
}
