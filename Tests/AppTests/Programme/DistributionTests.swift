import Fluent
import SQLKit
import Testing
import Vapor

@testable import App

@Suite("Counter-materials, distributions and tracked links") struct DistributionTests {
    @Test func onlyApprovedMaterialsAreDistributedAndLinksCountClicksPerDay() async throws {
        try await withApp { app in
            let coordinator = try await app.makeUser("cora", role: .coordinator)
            let actor = AuditActor(id: coordinator, label: "cora")
            let material = try await DistributionStore.createMaterial(
                title: "Демо видео", kind: .video, languages: ["ky"], topics: "youth", url: "https://video.example/clip1",
                actor: actor, app: app)
            let group = try await ProgrammeStore.createGroup(name: "Ош жаштары", regionID: nil, messenger: .telegram,
                                                             coordinatorID: coordinator, actor: actor, app: app)
            // A draft cannot go out.
            await #expect(throws: AppError.self) {
                _ = try await DistributionStore.distribute(materialID: material, groupID: group, channel: nil, on: "2021-03-01",
                                                           actor: actor, app: app)
            }
            try await DistributionStore.setStatus(material, .approved, actor: actor, app: app)
            let (_, code) = try await DistributionStore.distribute(materialID: material, groupID: group, channel: nil,
                                                                   on: "2021-03-01", actor: actor, app: app)
            let visitor = Browser(app)
            for _ in 0..<3 {
                let page = try await visitor.get("/l/\(code)")
                #expect(page.status == .found || page.status == .seeOther || page.status == .temporaryRedirect)
                #expect(page.headers.first(name: .location) == "https://video.example/clip1")
            }
            let sql = try #require(app.db as? any SQLDatabase)
            struct Row: Decodable { var day: String; var count: Int }
            let rows = try await sql.raw("SELECT day, count FROM link_clicks").all(decoding: Row.self)
            #expect(rows.count == 1)
            #expect(rows.first?.count == 3)
            #expect(try await visitor.get("/l/nosuchcode").status == .notFound)
            // Retired material: the link stops working.
            try await DistributionStore.setStatus(material, .retired, actor: actor, app: app)
            #expect(try await visitor.get("/l/\(code)").status == .notFound)
            // ...and a click on it is not counted.
            #expect(try await sql.raw("SELECT day, count FROM link_clicks").all(decoding: Row.self).first?.count == 3)
        }
    }

    @Test func volunteerConfirmsSharingOnceInOneClick() async throws {
        try await withApp { app in
            let coordinator = try await app.makeUser("cora", role: .coordinator)
            let volunteerUser = try await app.makeUser("vera", role: .volunteer)
            let actor = AuditActor(id: coordinator, label: "cora")
            let volunteer = try await ProgrammeStore.createVolunteer(name: "Vera", regionID: nil, district: "", ageBand: .young,
                                                                     contact: "+996 555 000 000", userID: volunteerUser,
                                                                     actor: actor, app: app)
            let group = try await ProgrammeStore.createGroup(name: "G", regionID: nil, messenger: .whatsapp,
                                                             coordinatorID: coordinator, actor: actor, app: app)
            try await ProgrammeStore.addMember(groupID: group, volunteerID: volunteer, actor: actor, app: app)
            let material = try await DistributionStore.createMaterial(title: "M", kind: .article, languages: ["ru"], topics: "",
                                                                      url: "https://a.example/m", actor: actor, app: app)
            try await DistributionStore.setStatus(material, .approved, actor: actor, app: app)
            let (id, _) = try await DistributionStore.distribute(materialID: material, groupID: group, channel: nil,
                                                                 on: "2021-04-02", actor: actor, app: app)
            let vera = Browser(app)
            try await vera.login("vera", language: "en")
            let before = try await vera.get("/distributions")
            #expect(before.body.contains("I shared it"))
            #expect(!before.body.contains("+996"))
            try await vera.post("/distributions/\(id)/confirm", [])
            try await vera.post("/distributions/\(id)/confirm", [])
            // Another volunteer, in no group, cannot confirm it even by posting the form directly.
            try await app.makeUser("oleg", role: .volunteer)
            let oleg = Browser(app)
            try await oleg.login("oleg", language: "en")
            #expect(try await oleg.post("/distributions/\(id)/confirm", []).status == .notFound)
            // Nor can the coordinator, who may edit distributions but shared nothing in the group.
            let cora = Browser(app)
            try await cora.login("cora", language: "en")
            #expect(try await cora.post("/distributions/\(id)/confirm", []).status == .notFound)
            let after = try await vera.get("/distributions")
            #expect(after.body.contains("You shared it"))
            let sql = try #require(app.db as? any SQLDatabase)
            struct N: Decodable { var n: Int }
            let n = try await sql.raw("SELECT COUNT(*) AS n FROM distribution_confirmations").first(decoding: N.self)?.n
            #expect(n == 1)
        }
    }

    @Test func groupOverThirtyFiveWarnsAndContactsStayPrivate() async throws {
        try await withApp { app in
            let coordinator = try await app.makeUser("cora", role: .coordinator)
            try await app.makeUser("ana", role: .analyst)
            let actor = AuditActor(id: coordinator, label: "cora")
            let group = try await ProgrammeStore.createGroup(name: "Big", regionID: nil, messenger: .telegram,
                                                             coordinatorID: coordinator, actor: actor, app: app)
            for i in 0..<36 {
                let v = try await ProgrammeStore.createVolunteer(name: "V\(i)", regionID: 1, district: "", ageBand: .young,
                                                                 contact: "contact-\(i)", userID: nil, actor: actor, app: app)
                try await ProgrammeStore.addMember(groupID: group, volunteerID: v, actor: actor, app: app)
            }
            let cora = Browser(app)
            try await cora.login("cora", language: "en")
            let page = try await cora.get("/groups/\(group)")
            #expect(page.body.contains("id=\"group-too-large\""))
            let volunteers = try await cora.get("/volunteers")
            // a list shows the contact masked, never whole (ContactDisplayTests: the audited "show")
            #expect(volunteers.body.contains(ContactHash.masked("contact-1")))
            #expect(!volunteers.body.contains("contact-1"))
            let auditor = try await app.makeUser("aud", role: .auditor)
            _ = auditor
            let aud = Browser(app)
            try await aud.login("aud")
            let seen = try await aud.get("/volunteers")
            #expect(seen.status == .ok)
            #expect(!seen.body.contains("contact-1"))
        }
    }
}
