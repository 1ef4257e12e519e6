import Fluent
import Foundation
import Testing
import Vapor

@testable import App

@Suite("Erasure: asked by the person or for them, confirmed by a coordinator, past figures unchanged")
struct ErasureTests {
    /// The figures a report for January 2026 shows, in total and per region.
    static func figures(_ app: Application) async throws -> [ProgrammeStatistics.Figures] {
        let report = try await PeriodReport.build(on: app.db, from: "2026-01-01", to: "2026-01-31")
        let direct = try await ProgrammeStatistics.count(on: app.db, from: "2026-01-01", to: "2026-02-01")
        return [direct, report.total.programme] + report.regions.map(\.programme)
    }

    @Test func aConfirmedErasureLeavesThePeriodReportUnchangedAndTheNameAndContactGone() async throws {
        try await withApp { app in
            // setup
            let f = try await PersonalDataFixture.make(app)
            let before = try await Self.figures(app)
            #expect(before[0].trainingParticipants == 1 && before[0].groupMembers == 2)
            let vera = Browser(app)
            try await vera.login("vera")
            let cora = Browser(app)
            try await cora.login("cora")
            // MUT: she asks; she cannot decide herself; a coordinator confirms
            let asked = try await vera.post("/me/erasure", [("reason", "Уезжаю из страны")])
            #expect(asked.status == .seeOther || asked.status == .found)
            let again = try await vera.post("/me/erasure", [("reason", "")])
            #expect(again.status == .conflict)
            let request = try #require(try await ErasureRequest.query(on: app.db).first())
            #expect(!request.reason.contains("Уезжаю"))  // sealed
            #expect(try await vera.post("/erasure-requests/\(request.id!)/confirm", []).status == .forbidden)
            let worklist = try await cora.get("/erasure-requests")
            #expect(worklist.body.contains("data-request=\"\(request.id!)\"") && worklist.body.contains("Уезжаю из страны"))
            let confirmed = try await cora.post("/erasure-requests/\(request.id!)/confirm", [])
            #expect(confirmed.status == .seeOther || confirmed.status == .found)
            // validate: the figures are the same
            let after = try await Self.figures(app)
            #expect(after == before)
            // the row stays, its person's fields do not
            let row = try #require(try await Volunteer.find(f.vera, on: app.db))
            #expect(row.erasedAt != nil && row.name.isEmpty && row.contact.isEmpty)
            #expect(row.dataKey == nil && row.contactHash == nil && row.userID == nil)
            #expect(try await User.find(f.veraUser, on: app.db)?.disabled == true)
            let tip = try #require(try await Tip.find(f.veraTip, on: app.db))
            #expect(tip.contact == nil)
            let decided = try #require(try await ErasureRequest.find(request.id!, on: app.db))
            #expect(decided.state == "confirmed" && decided.reason.isEmpty && decided.dataKey == nil)
            // the export for her record no longer holds her name or contact; oleg's is untouched
            let file = try await cora.get("/volunteers/\(f.vera)/data.json")
            #expect(file.status == .ok)
            for marker in PersonalDataFixture.veraMarkers { #expect(!file.body.contains(marker)) }
            let oleg = try #require(try await Volunteer.find(f.oleg, on: app.db))
            #expect(try oleg.person(app.personalData)?.contact == PersonalDataFixture.olegContact)
            // audited with counts, never the name or contact
            let audit = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "personal_data.erase").first())
            #expect(audit.objectID == String(f.vera))
            #expect(audit.details.contains("\"erased_tip_contacts\":\"1\""))
            for marker in PersonalDataFixture.veraMarkers + ["Уезжаю"] { #expect(!audit.details.contains(marker)) }
            // an erased record cannot be asked about again, nor confirmed twice
            #expect(try await cora.post("/volunteers/\(f.vera)/erasure", []).status == .conflict)
            #expect(try await cora.post("/erasure-requests/\(request.id!)/confirm", []).status == .conflict)
        }
    }

    @Test func aDeclinedRequestChangesNothingOfThePersonsData() async throws {
        try await withApp { app in
            // setup
            let f = try await PersonalDataFixture.make(app)
            let cora = Browser(app)
            try await cora.login("cora")
            let rowBefore = try #require(try await Volunteer.find(f.oleg, on: app.db))
            // MUT: a coordinator asks on his behalf, then declines
            let asked = try await cora.post("/volunteers/\(f.oleg)/erasure", [("reason", "По телефону")])
            #expect(asked.headers.first(name: .location) == "/volunteers/\(f.oleg)/data")
            let request = try #require(try await ErasureRequest.query(on: app.db).first())
            let tooLong = try await cora.post("/erasure-requests/\(request.id!)/decline", [("note", String(repeating: "я", count: 501))])
            #expect(tooLong.status == .unprocessableEntity)
            let declined = try await cora.post("/erasure-requests/\(request.id!)/decline", [("note", "Он ещё в группе")])
            #expect(declined.status == .seeOther || declined.status == .found)
            // validate
            let row = try #require(try await Volunteer.find(f.oleg, on: app.db))
            #expect(row.erasedAt == nil && row.name == rowBefore.name && row.contact == rowBefore.contact)
            #expect(row.dataKey == rowBefore.dataKey && row.userID == f.olegUser)
            #expect(try row.person(app.personalData)?.name == PersonalDataFixture.olegName)
            #expect(try await User.find(f.olegUser, on: app.db)?.disabled == false)
            let decided = try #require(try await ErasureRequest.find(request.id!, on: app.db))
            #expect(decided.state == "declined")
            #expect(ErasureRequestStore.open(decided, app.personalData).note == "Он ещё в группе")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "personal_data.erase").count() == 0)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "erasure_request.decline").count() == 1)
            #expect(try await cora.get("/erasure-requests").body.contains("data-request=") == false)
        }
    }
}
