import Fluent
import Foundation
import Testing
import Vapor

@testable import App

@Suite("Materials and distributions: paged lists, filters, forms on their own pages, full links")
struct MaterialListTests {
    static func approvedMaterial(_ title: String, kind: CounterMaterialKind = .video, languages: [String] = ["ky"],
                                 actor: AuditActor, app: Application) async throws -> Int {
        let id = try await DistributionStore.createMaterial(title: title, kind: kind, languages: languages, topics: "",
                                                           url: "https://video.example/\(UUID().uuidString)",
                                                           actor: actor, app: app)
        try await DistributionStore.setStatus(id, .approved, actor: actor, app: app)
        return id
    }

    @Test func materialsListIsPagedSearchedFilteredAndReportsUnknownValues() async throws {
        try await withApp { app in
            // setup: 27 materials, one with a Kyrgyz title in capitals, three audio, one in Kazakh only
            let cora = try await app.makeUser("cora", role: .coordinator)
            let actor = AuditActor(id: cora, label: "cora")
            for i in 1...23 {
                _ = try await DistributionStore.createMaterial(title: "Clip \(i)", kind: .video, languages: ["ky", "ru"],
                                                              topics: "", url: "https://v.example/\(i)", actor: actor, app: app)
            }
            for i in 1...3 {
                _ = try await DistributionStore.createMaterial(title: "Podcast \(i)", kind: .audio, languages: ["ru"], topics: "",
                                                              url: "https://a.example/\(i)", actor: actor, app: app)
            }
            _ = try await DistributionStore.createMaterial(title: "ЖАШТАР ҮЧҮН", kind: .article, languages: ["kk"],
                                                          topics: "", url: "https://t.example/1", actor: actor, app: app)
            let browser = Browser(app)
            try await browser.login("cora", language: "en")
            // MUT + validate: paging
            let first = try await browser.get("/materials")
            #expect(first.status == .ok)
            #expect(first.body.components(separatedBy: "<tr data-item=").count - 1 == 25)
            #expect(first.body.contains("rel=\"next\""))
            let second = try await browser.get("/materials?page=2")
            #expect(second.body.components(separatedBy: "<tr data-item=").count - 1 == 2)
            // the create forms are not under the list any more, but one link away
            #expect(!first.body.contains("action=\"/materials\" class=\"form\""))
            #expect(first.body.contains("href=\"/materials/new\"") && first.body.contains("href=\"/materials/upload\""))
            #expect(first.body.contains("href=\"/distributions\""))
            // search folds Kyrgyz letters' case
            let found = try await browser.get("/materials?q=\("жаштар үчүн".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
            #expect(found.body.contains("ЖАШТАР ҮЧҮН"))
            #expect(!found.body.contains("Clip 1"))
            // filters
            let audio = try await browser.get("/materials?kind=audio")
            #expect(audio.body.components(separatedBy: "<tr data-item=").count - 1 == 3)
            let kazakh = try await browser.get("/materials?language=kk")
            #expect(kazakh.body.components(separatedBy: "<tr data-item=").count - 1 == 1)
            // an unknown value is reported and nothing is shown as if filtered
            let unknown = try await browser.get("/materials?kind=podcast")
            #expect(unknown.status == .badRequest)
            #expect(unknown.body.contains("id=\"filter-errors\""))
            #expect(unknown.body.contains("podcast"))
            #expect(!unknown.body.contains("<tr data-item="))
        }
    }

    @Test func aVolunteerSeesApprovedMaterialsOnlyAndNoStatusFilter() async throws {
        try await withApp { app in
            let cora = try await app.makeUser("cora", role: .coordinator)
            try await app.makeUser("vera", role: .volunteer)
            let actor = AuditActor(id: cora, label: "cora")
            _ = try await Self.approvedMaterial("Approved clip", actor: actor, app: app)
            _ = try await DistributionStore.createMaterial(title: "Draft clip", kind: .video, languages: ["ky"], topics: "",
                                                          url: "https://v.example/d", actor: actor, app: app)
            let vera = Browser(app)
            try await vera.login("vera", language: "en")
            let page = try await vera.get("/materials")
            #expect(page.body.contains("Approved clip"))
            #expect(!page.body.contains("Draft clip"))
            #expect(!page.body.contains("href=\"/materials/new\""))
            #expect(try await vera.get("/materials?status=draft").body.contains("Draft clip") == false)
            #expect(try await vera.get("/materials/new").status == .forbidden)
        }
    }

    @Test func materialFormIsItsOwnPageAndABadSubmissionSaysWhyAtTheTopTranslated() async throws {
        try await withApp { app in
            try await app.makeUser("cora", role: .coordinator)
            let browser = Browser(app)
            try await browser.login("cora", language: "ky")
            let form = try await browser.get("/materials/new")
            #expect(form.status == .ok)
            #expect(form.body.contains("id=\"material-form\""))
            // MUT: no title, an unknown language code, a URL that is not http(s)
            let refused = try await browser.post("/materials", [("title", ""), ("kind", "video"), ("languages", "ky,xx"),
                                                                ("url", "javascript:alert(1)")])
            // validate
            #expect(refused.status == .unprocessableEntity)
            let formStart = try #require(refused.body.range(of: "id=\"material-form\""))
            let errors = try #require(refused.body.range(of: "id=\"form-errors\""))
            #expect(formStart.upperBound < errors.lowerBound)
            #expect(refused.body.contains("href=\"#f-languages\""))
            #expect(refused.body.contains("«xx»"))
            #expect(!refused.body.contains("{code}") && !refused.body.contains("{codes}"))
            #expect(try await CounterMaterial.query(on: app.db).count() == 0)
            // a good one goes back to the list with a confirmation
            let saved = try await browser.post("/materials", [("title", "Тынчтык"), ("kind", "video"), ("languages", "ky"),
                                                              ("url", "https://video.example/peace")])
            #expect(saved.status == .seeOther)
            #expect(saved.headers.first(name: .location) == "/materials")
            let list = try await browser.get("/materials")
            #expect(list.body.contains("id=\"flash\""))
            #expect(list.body.contains("Тынчтык"))
        }
    }

    @Test func distributionsListShowsFullLinksPagesAndKeepsAVolunteerToTheirGroups() async throws {
        try await withApp { app in
            // setup: two groups, 27 distributions to one, 1 to the other; a volunteer in the small group
            app.kaiguul.publicURL = "https://patrol.example.kg/"
            let cora = try await app.makeUser("cora", role: .coordinator)
            let veraUser = try await app.makeUser("vera", role: .volunteer)
            let actor = AuditActor(id: cora, label: "cora")
            let material = try await Self.approvedMaterial("Тынчтык жолу", actor: actor, app: app)
            let big = try await ProgrammeStore.createGroup(name: "Group 10", regionID: nil, messenger: .whatsapp, language: .ky,
                                                           coordinatorID: cora, actor: actor, app: app)
            let small = try await ProgrammeStore.createGroup(name: "Group 2", regionID: nil, messenger: .whatsapp,
                                                             language: .ru, coordinatorID: cora, actor: actor, app: app)
            let vera = try await ProgrammeStore.createVolunteer(name: "Vera", regionID: nil, district: "", ageBand: .young,
                                                                contact: "", userID: veraUser, actor: actor, app: app)
            try await ProgrammeStore.addMember(groupID: small, volunteerID: vera, actor: actor, app: app)
            for day in 1...27 {
                _ = try await DistributionStore.distribute(materialID: material, groupID: big, channel: nil,
                                                           on: String(format: "2026-03-%02d", day), actor: actor, app: app)
            }
            let (mine, code) = try await DistributionStore.distribute(materialID: material, groupID: small, channel: nil,
                                                                      on: "2026-02-01", actor: actor, app: app)
            let browser = Browser(app)
            try await browser.login("cora", language: "en")
            // MUT + validate: paged, newest first, full address with a copy button and WhatsApp link
            let first = try await browser.get("/distributions")
            #expect(first.status == .ok)
            #expect(first.body.components(separatedBy: "<tr data-item=").count - 1 == 25)
            #expect(first.body.contains("https://patrol.example.kg/l/"))
            #expect(!first.body.contains(">/l/"))
            #expect(first.body.contains("data-copy=\"#link-"))
            #expect(first.body.contains("href=\"https://wa.me/?text="))
            let last = try await browser.get("/distributions?page=2")
            #expect(last.body.contains("https://patrol.example.kg/l/\(code)"))
            // filters: a group offered, and one that does not exist is reported
            let filtered = try await browser.get("/distributions?group=\(small)")
            #expect(filtered.body.components(separatedBy: "<tr data-item=").count - 1 == 1)
            let unknown = try await browser.get("/distributions?group=99999")
            #expect(unknown.status == .badRequest)
            #expect(unknown.body.contains("id=\"filter-errors\""))
            let ranged = try await browser.get("/distributions?from=2026-03-10&to=2026-03-12")
            #expect(ranged.body.components(separatedBy: "<tr data-item=").count - 1 == 3)
            #expect(try await browser.get("/distributions?from=2026-02-30").status == .badRequest)
            // the distribution's page: the ready message in the group's language (Russian), encoded for WhatsApp
            let show = try await browser.get("/distributions/\(mine)")
            #expect(show.status == .ok)
            let message = TrackedLink.message(title: "Тынчтык жолу", url: "https://patrol.example.kg/l/\(code)", language: .ru)
            #expect(show.body.contains(Escape.attribute(message)))
            #expect(show.body.contains(Escape.attribute(TrackedLink.whatsApp(message))))
            // the volunteer sees their group's distribution only, and not the other group's page
            let volunteer = Browser(app)
            try await volunteer.login("vera", language: "en")
            let theirs = try await volunteer.get("/distributions")
            #expect(theirs.body.components(separatedBy: "<tr data-item=").count - 1 == 1)
            #expect(theirs.body.contains("I shared it"))
            #expect(try await volunteer.get("/distributions?group=\(big)").status == .badRequest)
            let other = try #require(try await Distribution.query(on: app.db).filter(\.$group.$id == big).first()?.id)
            #expect(try await volunteer.get("/distributions/\(other)").status == .notFound)
            #expect(try await volunteer.get("/distributions/\(mine)").status == .ok)
        }
    }

    @Test func distributionFormIsItsOwnPageAndLeadsToTheReadyMessage() async throws {
        try await withApp { app in
            let cora = try await app.makeUser("cora", role: .coordinator)
            let actor = AuditActor(id: cora, label: "cora")
            let material = try await Self.approvedMaterial("Clip", actor: actor, app: app)
            let group = try await ProgrammeStore.createGroup(name: "G", regionID: nil, messenger: .whatsapp, language: .en,
                                                             coordinatorID: cora, actor: actor, app: app)
            let browser = Browser(app)
            try await browser.login("cora", language: "ru")
            #expect(try await browser.get("/distributions/new").body.contains("id=\"distribution-form\""))
            // MUT: a refused date
            let refused = try await browser.post("/distributions", [("material_id", String(material)),
                                                                    ("group_id", String(group)), ("distributed_on", "2026-13-40")])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("id=\"form-errors\""))
            #expect(refused.body.contains("href=\"#f-distributed_on\""))
            let saved = try await browser.post("/distributions", [("material_id", String(material)),
                                                                  ("group_id", String(group)), ("distributed_on", "2026-03-01")])
            let id = try #require(try await Distribution.query(on: app.db).first()?.id)
            #expect(saved.headers.first(name: .location) == "/distributions/\(id)")
            let show = try await browser.get("/distributions/\(id)")
            #expect(show.body.contains("id=\"flash\""))
            #expect(show.body.contains("Please watch and share"))  // the group's language, not the page's
        }
    }
}
