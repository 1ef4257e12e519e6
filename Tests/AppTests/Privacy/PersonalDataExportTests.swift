import Fluent
import Foundation
import Testing
import Vapor

@testable import App

/// Two volunteers with logins, each with markers found nowhere else: their names, contacts, the
/// contact on a tip each sent, a group each, a training and a confirmed distribution for the first.
struct PersonalDataFixture {
    var cora: Int
    var vera: Int
    var oleg: Int
    var veraUser: Int
    var olegUser: Int
    var veraTip: Int
    var olegTip: Int

    static let veraName = "Вера Маркерова-7731"
    static let veraContact = "+996 555 71-73-11"
    static let veraTipContact = "vera-tip-4412@example.kg"
    static let olegName = "Олег Отдельный-5521"
    static let olegContact = "@oleg_separate_5521"
    static let olegTipContact = "oleg-tip-9904@example.kg"
    static var veraMarkers: [String] { [veraName, veraContact, veraTipContact, "https://vera-report.example/a"] }
    static var olegMarkers: [String] { [olegName, olegContact, olegTipContact, "https://oleg-report.example/b", "Топ Олега"] }

    static func make(_ app: Application) async throws -> PersonalDataFixture {
        let cora = try await app.makeUser("cora", role: .coordinator)
        let veraUser = try await app.makeUser("vera", role: .volunteer)
        let olegUser = try await app.makeUser("oleg", role: .volunteer)
        let actor = AuditActor(id: cora, label: "cora")
        let vera = try await ProgrammeStore.createVolunteer(name: veraName, regionID: 1, district: "Ала-Бука", ageBand: .young,
                                                            contact: veraContact, userID: veraUser, actor: actor, app: app)
        let oleg = try await ProgrammeStore.createVolunteer(name: olegName, regionID: 2, district: "", ageBand: .adult,
                                                            contact: olegContact, userID: olegUser, actor: actor, app: app)
        let veraGroup = try await ProgrammeStore.createGroup(name: "Топ Веры", regionID: 1, messenger: .whatsapp,
                                                             coordinatorID: cora, actor: actor, app: app)
        let olegGroup = try await ProgrammeStore.createGroup(name: "Топ Олега", regionID: 2, messenger: .telegram,
                                                             coordinatorID: cora, actor: actor, app: app)
        try await ProgrammeStore.addMember(groupID: veraGroup, volunteerID: vera, actor: actor, app: app)
        try await ProgrammeStore.addMember(groupID: olegGroup, volunteerID: oleg, actor: actor, app: app)
        let training = try await ProgrammeStore.createTraining(kind: .regionalTraining, heldOn: "2026-01-15", place: "Ош",
                                                               topic: "Медиа сабаттуулук", trainers: "", regionID: 1,
                                                               actor: actor, app: app)
        try await ProgrammeStore.addAttendance(trainingID: training, volunteerIDs: [vera], staffNames: [], actor: actor, app: app)
        let clip = try await MaterialListTests.approvedMaterial("Тынчтык жолу", actor: actor, app: app)
        let (distribution, _) = try await DistributionStore.distribute(materialID: clip, groupID: veraGroup, channel: nil,
                                                                       on: "2026-01-20", actor: actor, app: app)
        try await DistributionStore.confirm(distributionID: distribution, userID: veraUser,
                                            actor: AuditActor(id: veraUser, label: "vera"), app: app)
        let veraTip = try await TipStore.create(
            TipInput(urls: ["https://vera-report.example/a"], platform: nil, comment: "", contact: veraTipContact),
            submittedBy: AuditActor(id: veraUser, label: "vera"), app: app)
        let olegTip = try await TipStore.create(
            TipInput(urls: ["https://oleg-report.example/b"], platform: nil, comment: "", contact: olegTipContact),
            submittedBy: AuditActor(id: olegUser, label: "oleg"), app: app)
        return PersonalDataFixture(cora: cora, vera: vera, oleg: oleg, veraUser: veraUser, olegUser: olegUser,
                                   veraTip: veraTip, olegTip: olegTip)
    }
}

@Suite("A person's own data: the readable page and the JSON file hold theirs and nobody else's")
struct PersonalDataExportTests {
    struct Exported: Decodable {
        var volunteer_id: Int
        var name: String?
        var contact: String?
        var login: String?
        var groups: [Named]
        var trainings: [Named2]
        var distributions_confirmed: [Material]
        var tips: [TipRow]
        struct Named: Decodable { var name: String }
        struct Named2: Decodable { var topic: String }
        struct Material: Decodable { var material: String }
        struct TipRow: Decodable { var id: Int; var contact: String? }
    }

    @Test func aVolunteersExportHoldsTheirDataAndNobodyElses() async throws {
        try await withApp { app in
            // setup
            let f = try await PersonalDataFixture.make(app)
            let vera = Browser(app)
            try await vera.login("vera", language: "ru")
            // MUT
            let json = try await vera.get("/me/data.json")
            let page = try await vera.get("/me/data")
            // validate: the file is an attachment of vera's data
            #expect(json.status == .ok)
            #expect(json.headers.first(name: .contentDisposition)?.hasPrefix("attachment;") == true)
            let data = try JSONDecoder().decode(Exported.self, from: json.bytes)
            #expect(data.volunteer_id == f.vera)
            #expect(data.name == PersonalDataFixture.veraName)
            #expect(data.contact == PersonalDataFixture.veraContact)
            #expect(data.login == "vera")
            #expect(data.groups.map(\.name) == ["Топ Веры"])
            #expect(data.trainings.map(\.topic) == ["Медиа сабаттуулук"])
            #expect(data.distributions_confirmed.map(\.material) == ["Тынчтык жолу"])
            #expect(data.tips.map(\.id) == [f.veraTip])
            #expect(data.tips.first?.contact == PersonalDataFixture.veraTipContact)
            // the readable page, in her language, holds the same and nothing of oleg's
            #expect(page.status == .ok)
            #expect(page.body.contains("Что Kaiguul делает с этими данными"))
            for marker in PersonalDataFixture.veraMarkers {
                #expect(json.body.contains(marker), "JSON lacks \(marker)")
                #expect(page.body.contains(Escape.text(marker)), "page lacks \(marker)")
            }
            for marker in PersonalDataFixture.olegMarkers {
                #expect(!json.body.contains(marker), "JSON leaks \(marker)")
                #expect(!page.body.contains(marker), "page leaks \(marker)")
            }
        }
    }

    @Test func aVolunteerCannotOpenAnothersDataAndACoordinatorOpensItForThem() async throws {
        try await withApp { app in
            // setup
            let f = try await PersonalDataFixture.make(app)
            let vera = Browser(app)
            try await vera.login("vera")
            let cora = Browser(app)
            try await cora.login("cora")
            // MUT
            let othersPage = try await vera.get("/volunteers/\(f.oleg)/data")
            let othersFile = try await vera.get("/volunteers/\(f.oleg)/data.json")
            let noSuch = try await vera.get("/volunteers/999999/data.json")
            let ownByID = try await vera.get("/volunteers/\(f.vera)/data.json")
            let forOleg = try await cora.get("/volunteers/\(f.oleg)/data.json")
            let olegPage = try await cora.get("/volunteers/\(f.oleg)/data")
            // validate
            #expect(othersPage.status == .forbidden)
            #expect(othersFile.status == .forbidden)
            #expect(noSuch.status == .forbidden)
            for marker in PersonalDataFixture.olegMarkers { #expect(!othersPage.body.contains(marker)) }
            #expect(ownByID.status == .ok && ownByID.body.contains(PersonalDataFixture.veraName))
            #expect(forOleg.status == .ok)
            for marker in PersonalDataFixture.olegMarkers.dropLast() { #expect(forOleg.body.contains(marker)) }
            for marker in PersonalDataFixture.veraMarkers { #expect(!forOleg.body.contains(marker)) }
            #expect(olegPage.status == .ok && olegPage.body.contains("id=\"erasure-form\""))
            // the ways in: the volunteer's page for staff, the home page for the volunteer
            #expect(try await cora.get("/volunteers/\(f.oleg)").body.contains("href=\"/volunteers/\(f.oleg)/data\""))
            #expect(try await vera.get("/").body.contains("href=\"/me/data\""))
            // every opening is audited with the record's id, and no name or contact
            let rows = try await AuditEntry.query(on: app.db).filter(\.$action == "personal_data.export").all()
            #expect(rows.count == 3)
            #expect(Set(rows.compactMap(\.objectID)) == [String(f.vera), String(f.oleg)])
            for row in rows {
                for marker in PersonalDataFixture.veraMarkers + PersonalDataFixture.olegMarkers {
                    #expect(!row.details.contains(marker))
                }
            }
        }
    }

    @Test func anAuditorAndALoginWithoutARecordGetNothing() async throws {
        try await withApp { app in
            let f = try await PersonalDataFixture.make(app)
            try await app.makeUser("audrey", role: .auditor)
            try await app.makeUser("nadia", role: .volunteer)
            let audrey = Browser(app)
            try await audrey.login("audrey")
            let nadia = Browser(app)
            try await nadia.login("nadia", language: "en")
            #expect(try await audrey.get("/volunteers/\(f.vera)/data.json").status == .forbidden)
            let unlinked = try await nadia.get("/me/data")
            #expect(unlinked.status == .ok && unlinked.body.contains("not yet linked"))
            #expect(try await nadia.get("/me/data.json").status == .notFound)
        }
    }
}
