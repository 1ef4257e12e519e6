import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App
@testable import KaiguulFixtures

@Suite("Case side paths and the demo") struct CaseSidePathTests {
    /// A case goes only to an enabled account of the case staff, whatever the form offered.
    @Test func aCaseIsAssignedOnlyToCaseStaff() async throws {
        try await withApp { app in
            let team = try await CaseTeam.make(app)
            let a = try await team.open("assign-a.example")
            let volunteer = try await app.makeUser("vol1", role: .volunteer)
            let analyst = try await app.makeUser("ana2", role: .analyst)
            try await app.makeUser("ana1", role: .analyst)
            let browser = Browser(app)
            try await browser.login("ana1")
            let refused = try await browser.post("/cases/\(a)/assign", [("assignee_id", String(volunteer))])
            #expect(refused.status == .unprocessableEntity)
            #expect(try await CaseRecord.find(a, on: app.db)?.assigneeID == nil)
            #expect(try await browser.post("/cases/\(a)/assign", [("assignee_id", String(analyst))]).status == .seeOther)
            #expect(try await CaseRecord.find(a, on: app.db)?.assigneeID == analyst)
        }
    }

    /// A conclusion only from the referred expert, a court decision only from a legal officer; any
    /// role with documents may add evidence. Refused uploads store nothing.
    @Test func whoMayUploadWhichKindOfDocument() async throws {
        try await withApp { app in
            let team = try await CaseTeam.make(app)
            let a = try await team.open("docs-a.example")
            try await team.walk(a, target: "docs-a.example", to: "referred_to_expert")
            let before = try await DocumentRecord.query(on: app.db).count()
            #expect(try await team.upload(team.analyst, a, kind: "expert_conclusion").status == .forbidden)
            #expect(try await team.upload(team.analyst, a, kind: "court_decision").status == .forbidden)
            #expect(try await team.upload(team.legal, a, kind: "expert_conclusion").status == .forbidden)
            #expect(try await DocumentRecord.query(on: app.db).count() == before)
            #expect(try await team.upload(team.analyst, a, kind: "evidence").status == .created)
            #expect(try await team.upload(team.legal, a, kind: "court_decision",
                                          data: CaseFixtures.pdf("decision a")).status == .created)
            #expect(try await team.upload(team.expert, a, kind: "expert_conclusion",
                                          data: CaseFixtures.pdf("conclusion a")).status == .created)
        }
    }

    @Test func dismissReopenWithdrawRejectAndAppeal() async throws {
        try await withApp { app in
            let team = try await CaseTeam.make(app)
            // dismiss needs grounds; reopen brings it back to review.
            let a = try await team.open("side-a.example")
            let noGrounds = try await team.step(team.analyst, a, ["action": "dismiss"])
            #expect(noGrounds.status == .unprocessableEntity)
            #expect(noGrounds.json["code"] as? String == "missing_grounds")
            #expect(try await team.step(team.analyst, a, ["action": "dismiss", "grounds": "duplicate"]).status == .ok)
            #expect(try await team.state(a) == "dismissed")
            #expect(try await team.step(team.analyst, a, ["action": "reopen", "grounds": "new evidence"]).status == .ok)
            #expect(try await team.state(a) == "in_review")

            // withdraw a referral: the expert loses sight of the case.
            #expect(try await team.step(team.analyst, a, ["action": "refer_to_expert", "expert_id": team.expertID])
                .status == .ok)
            #expect(try await team.expert.send(.GET, "/cases/\(a)").status == .ok)
            #expect(try await team.step(team.analyst, a, ["action": "withdraw_referral", "grounds": "conflict"])
                .status == .ok)
            #expect(try await team.expert.send(.GET, "/cases/\(a)").status == .notFound)
            #expect(try await CaseRecord.find(a, on: app.db)?.expertID == nil)
            // Referring to someone who is not an expert is refused.
            let notExpert = try await team.step(team.analyst, a, ["action": "refer_to_expert", "expert_id": 999])
            #expect(notExpert.status == .unprocessableEntity)

            // expert rejects → only dismissal remains.
            let b = try await team.open("side-b.example")
            try await team.walk(b, target: "side-b.example", to: "referred_to_expert")
            let c = try #require(try await team.upload(team.expert, b, kind: "expert_conclusion").json["id"] as? Int)
            #expect(try await team.step(team.expert, b, ["action": "record_expert_conclusion", "finding": "rejected",
                                                         "document_id": c]).status == .ok)
            #expect(try await team.state(b) == "expert_rejected")
            #expect(try await team.step(team.legal, b, ["action": "submit_to_court"]).status == .conflict)

            // court rejects → appeal → submitted again; no block orders from a rejection.
            let d = try await team.open("side-d.example")
            try await team.walk(d, target: "side-d.example", to: "submitted_to_court")
            let doc = try #require(try await team.upload(team.legal, d, kind: "court_decision").json["id"] as? Int)
            let rejected = try await team.step(team.legal, d, [
                "action": "record_court_decision", "outcome": "rejected", "court": "C", "number": "N",
                "date": CaseDates.today(), "document_id": doc])
            #expect(rejected.status == .ok, "\(rejected.body)")
            #expect(try await team.state(d) == "court_rejected")
            #expect(try await BlockOrder.query(on: app.db).filter(\.$caseID == d).count() == 0)
            #expect(try await team.step(team.legal, d, ["action": "appeal", "grounds": "higher court"]).status == .ok)
            #expect(try await team.state(d) == "submitted_to_court")
            // mark_blocked without an active order is a conflict.
            #expect(try await team.step(team.legal, d, ["action": "mark_blocked"]).status == .conflict)
            // lift without a reversing decision is refused and changes nothing.
            let e = try await team.open("side-e.example")
            try await team.walk(e, target: "side-e.example", to: "court_ordered")
            let noDoc = try await team.step(team.legal, e, ["action": "lift_block", "court": "C", "number": "R",
                                                            "date": CaseDates.today()])
            #expect(noDoc.status == .unprocessableEntity)
            #expect(noDoc.json["field"] as? String == "document_id")
            #expect(try await BlockOrder.query(on: app.db).filter(\.$caseID == e).first()?.status == "active")
            // The order's own decision document cannot serve as its reversal.
            let order = try #require(try await CourtDecision.query(on: app.db).filter(\.$caseID == e).first())
            let reused = try await team.step(team.legal, e, ["action": "lift_block", "court": "C", "number": "R",
                                                             "date": CaseDates.today(), "document_id": order.documentID])
            #expect(reused.status == .conflict || reused.status == .unprocessableEntity)
            #expect(reused.json["code"] as? String == "no_reversing_decision")
            #expect(try await BlockOrder.query(on: app.db).filter(\.$caseID == e).first()?.status == "active")
            // A reversal before providers applied it lifts from court_ordered too.
            #expect(try await team.lift(e).status == .ok)
            #expect(try await team.state(e) == "lifted")
        }
    }

    @Test func demoHoldsACaseInEveryState() async throws {
        try await withApp { app in
            _ = try await DemoData.seed(app: app)
            let states = Set(try await CaseRecord.query(on: app.db).all().map(\.state))
            #expect(states == Set(CaseState.allCases.map(\.rawValue)))
            let list = try await BlocklistService.current(on: app.db)
            #expect(list.blockedDomains.contains { $0.hasPrefix("xn--") })
            #expect(list.entries.contains { $0.target.kind == .account })
            #expect(try await BlockOrder.query(on: app.db).filter(\.$status == "lifted").count() >= 1)
            #expect(try await CaseRecord.query(on: app.db).filter(\.$parentCaseID != nil).count() == 1)
            // The demo's cases hold captures (written through the WARC writer, readable back), the one
            // referred to the demo expert with its item, and the blocked ones too.
            let expert = try #require(try await User.query(on: app.db).filter(\.$username == "expert").first())
            let referred = try #require(try await CaseRecord.query(on: app.db).filter(\.$expertID == expert.id)
                .filter(\.$state == "referred_to_expert").first())
            let held = try await CaseEvidence.query(on: app.db).filter(\.$caseID == referred.id ?? 0).all()
            #expect(Set(held.map(\.kind)).isSuperset(of: ["capture", "item", "media"]))
            // (the programme's statistics record has cases of its own, titled "Demo site N")
            let blocked = try await CaseRecord.query(on: app.db).filter(\.$state == "blocked").all()
                .filter { $0.title.hasSuffix("(demo)") }
            #expect(blocked.count >= 3)
            for record in blocked {
                let kinds = try await CaseEvidence.query(on: app.db).filter(\.$caseID == record.id ?? 0).all().map(\.kind)
                #expect(kinds.contains("capture"), "\(record.target)")
            }
            let captureID = try #require(held.first { $0.kind == "capture" }?.captureID)
            let page = try await ArchivedPage.load(captureID: captureID, app: app)
            #expect(page.html.contains("an invented page of the Kaiguul demo") && page.rewrittenImages == 1)
            let mirror = try #require(try await CaseRecord.query(on: app.db).filter(\.$parentCaseID != nil).first())
            #expect(try await CaseEvidence.query(on: app.db).filter(\.$caseID == mirror.id ?? 0)
                .filter(\.$kind == "document").count() == 1)
        }
    }
}
