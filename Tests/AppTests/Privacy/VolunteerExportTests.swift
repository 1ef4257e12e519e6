import Fluent
import Foundation
import Testing
import Vapor

@testable import App

@Suite("The volunteer list with contacts: asked with a reason, approved by another admin, downloaded once")
struct VolunteerExportTests {
    @Test func theListNeedsAnotherAdminsApprovalAndIsDownloadedOnce() async throws {
        try await withApp { app in
            // setup: two volunteers, one of them erased, one whose name a spreadsheet would run
            let f = try await PersonalDataFixture.make(app)
            let actor = AuditActor(id: f.cora, label: "cora")
            _ = try await ProgrammeStore.createVolunteer(name: "=HYPERLINK(\"http://evil.example\")", regionID: nil,
                                                         district: "", ageBand: .young, contact: "+996700000111",
                                                         userID: nil, actor: actor, app: app)
            try await app.write { db in try await PersonalDataEraser.eraseVolunteer(f.oleg, on: db) }
            try await app.makeUser("ada", role: .admin)
            try await app.makeUser("abel", role: .admin)
            let cora = Browser(app)
            try await cora.login("cora")
            let ada = Browser(app)
            try await ada.login("ada")
            let abel = Browser(app)
            try await abel.login("abel")
            // MUT + validate: a reason is required
            let noReason = try await cora.post("/volunteer-exports", [("reason", "  ")])
            #expect(noReason.status == .unprocessableEntity)
            _ = try await cora.post("/volunteer-exports", [("reason", "Приглашения на семинар в Оше")])
            let id = try #require(try await VolunteerExport.query(on: app.db).first()?.id)
            // not before approval; a coordinator cannot approve; an admin cannot approve their own
            #expect(try await cora.post("/volunteer-exports/\(id)/download", []).status == .conflict)
            #expect(try await cora.post("/volunteer-exports/\(id)/approve", []).status == .forbidden)
            _ = try await ada.post("/volunteer-exports", [("reason", "Проверка списка")])
            let adaOwn = try #require(try await VolunteerExport.query(on: app.db).filter(\.$requestedBy != f.cora).first()?.id)
            #expect(try await ada.post("/volunteer-exports/\(adaOwn)/approve", []).status == .forbidden)
            #expect(try await ada.post("/volunteer-exports/\(adaOwn)/download", []).status == .conflict)
            // another admin approves cora's; only cora downloads, once
            let approved = try await ada.post("/volunteer-exports/\(id)/approve", [])
            #expect(approved.status == .seeOther || approved.status == .found)
            #expect(try await abel.post("/volunteer-exports/\(id)/download", []).status == .forbidden)
            let file = try await cora.post("/volunteer-exports/\(id)/download", [])
            #expect(file.status == .ok)
            #expect(file.headers.first(name: .contentDisposition)?.hasPrefix("attachment;") == true)
            #expect(file.body.contains(PersonalDataFixture.veraName) && file.body.contains(PersonalDataFixture.veraContact))
            #expect(!file.body.contains(PersonalDataFixture.olegName) && !file.body.contains(PersonalDataFixture.olegContact))
            #expect(file.body.contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\""))
            let second = try await cora.post("/volunteer-exports/\(id)/download", [])
            #expect(second.status == .gone)
            #expect(!second.body.contains(PersonalDataFixture.veraContact))
            // each step audited, with no contact in the log
            let actions = try await AuditEntry.query(on: app.db).filter(\.$objectType == "volunteer_export").all()
            #expect(actions.map(\.action).sorted() == ["volunteer_export.approve", "volunteer_export.download",
                                                       "volunteer_export.request", "volunteer_export.request"])
            #expect(actions.first { $0.action == "volunteer_export.download" }?.details.contains("\"volunteers\":\"2\"") == true)
            for row in actions { #expect(!row.details.contains(PersonalDataFixture.veraContact)) }
        }
    }

    @Test func anApprovalIsGoodForADay() async throws {
        try await withApp { app in
            let cora = try await app.makeUser("cora", role: .coordinator)
            let ada = try await app.makeUser("ada", role: .admin)
            let asked = Date().addingTimeInterval(-3 * 86_400)
            let id = try await VolunteerListExport.request(reason: "Семинар", actor: AuditActor(id: cora, label: "cora"),
                                                          app: app, now: asked)
            try await VolunteerListExport.decide(id, approve: true, actor: AuditActor(id: ada, label: "ada"), app: app,
                                                 now: asked.addingTimeInterval(3600))
            await #expect(throws: AppError.self) {
                _ = try await VolunteerListExport.download(id, actor: AuditActor(id: cora, label: "cora"), app: app,
                                                           t: Translator(language: .en))
            }
            #expect(try await VolunteerExport.find(id, on: app.db)?.downloadedAt == nil)
        }
    }
}
