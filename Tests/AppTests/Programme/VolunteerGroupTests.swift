import Fluent
import Foundation
import KaiguulCore
import SQLKit
import Testing
import Vapor

@testable import App

@Suite("Volunteers and groups: natural order, pickers, bulk membership, logins, group language")
struct VolunteerGroupTests {
    @Test(arguments: [
        ("Volunteer 2", "Volunteer 10", true),
        ("Volunteer 10", "Volunteer 2", false),
        ("Volunteer 9", "volunteer 10", true),
        ("Ыктыярчы 3", "ыктыярчы 21", true),
        ("Group 1b", "Group 1c", true),
        ("a", "a1", true),
        ("Volunteer 007", "Volunteer 8", true),
        ("Volunteer 100", "Volunteer 99", false),
    ])
    func namesWithNumbersSortByValue(a: String, b: String, less: Bool) {
        #expect(NaturalOrder.less(a, b) == less)
    }

    @Test func theVolunteerListIsInNaturalOrderPagedSearchedAndFilteredByRegion() async throws {
        try await withApp { app in
            // setup: 30 volunteers named with numbers, in two regions
            let cora = try await app.makeUser("cora", role: .coordinator)
            let actor = AuditActor(id: cora, label: "cora")
            for i in [10, 2, 1, 100, 3] + Array(20..<45) {
                _ = try await ProgrammeStore.createVolunteer(name: "Volunteer \(i)", regionID: i % 2 == 0 ? 1 : 2,
                                                             district: i == 3 ? "Ала-Бука" : "", ageBand: .young,
                                                             contact: "", userID: nil, actor: actor, app: app)
            }
            let browser = Browser(app)
            try await browser.login("cora", language: "en")
            // MUT
            let first = try await browser.get("/volunteers")
            let second = try await browser.get("/volunteers?page=2")
            let searched = try await browser.get("/volunteers?q=ала-бука")
            let region = try await browser.get("/volunteers?region=2&per_page=100")
            let unknown = try await browser.get("/volunteers?region=99")
            // validate
            let names = Self.names(first.body)
            #expect(Array(names.prefix(5)) == ["Volunteer 1", "Volunteer 2", "Volunteer 3", "Volunteer 10", "Volunteer 20"])
            #expect(names.count == 25)
            #expect(Self.names(second.body).last == "Volunteer 100")
            #expect(Self.names(searched.body) == ["Volunteer 3"])
            #expect(Self.names(region.body).allSatisfy { (Int($0.split(separator: " ")[1]) ?? 0) % 2 == 1 })
            #expect(Self.names(region.body).count == 14)
            #expect(unknown.status == .badRequest)
            #expect(unknown.body.contains("id=\"filter-errors\""))
            #expect(Self.names(unknown.body).isEmpty)
        }
    }

    @Test func membersAreAddedAndRemovedInBulkInOneAuditedStepWithAConfirmation() async throws {
        try await withApp { app in
            // setup
            let cora = try await app.makeUser("cora", role: .coordinator)
            let actor = AuditActor(id: cora, label: "cora")
            let group = try await ProgrammeStore.createGroup(name: "Group 1", regionID: nil, messenger: .whatsapp,
                                                             coordinatorID: cora, actor: actor, app: app)
            var ids: [Int] = []
            for i in 1...12 {
                ids.append(try await ProgrammeStore.createVolunteer(name: "Volunteer \(i)", regionID: i <= 6 ? 3 : 4,
                                                                    district: "", ageBand: .young, contact: "",
                                                                    userID: nil, actor: actor, app: app))
            }
            let browser = Browser(app)
            try await browser.login("cora", language: "ru")
            // the picker offers non-members, searched by region, in natural order
            let picker = try await browser.get("/groups/\(group)?region=4")
            #expect(picker.body.contains("name=\"volunteer_ids[]\" value=\"\(ids[6])\""))
            #expect(!picker.body.contains("name=\"volunteer_ids[]\" value=\"\(ids[0])\""))
            // MUT: five ticked at once, from the filtered picker
            let added = try await browser.post("/groups/\(group)/members",
                                               ids[6...10].map { ("volunteer_ids[]", String($0)) } + [("region", "4")])
            // validate
            #expect(added.status == .seeOther)
            #expect(added.headers.first(name: .location) == "/groups/\(group)?region=4#add-members")
            let page = try await browser.get("/groups/\(group)")
            #expect(page.body.contains("id=\"flash\""))
            #expect(page.body.contains("Добавлено в группу: 5."))
            #expect(try await GroupMember.query(on: app.db).filter(\.$group.$id == group).count() == 5)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "group.add_members").count() == 1)
            // members are no longer offered by the picker
            #expect(!page.body.contains("name=\"volunteer_ids[]\" value=\"\(ids[6])\""))
            #expect(page.body.contains("name=\"member_ids[]\" value=\"\(ids[6])\""))
            // an unknown id refuses the whole form: nothing is added
            let bad = try await browser.post("/groups/\(group)/members",
                                             [("volunteer_ids[]", String(ids[0])), ("volunteer_ids[]", "999999")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("id=\"form-errors\""))
            #expect(try await GroupMember.query(on: app.db).filter(\.$group.$id == group).count() == 5)
            let none = try await browser.post("/groups/\(group)/members", [])
            #expect(none.status == .unprocessableEntity)
            #expect(none.body.contains("Никто не отмечен."))
            // removing three at once
            let removed = try await browser.post("/groups/\(group)/members/remove",
                                                 ids[6...8].map { ("member_ids[]", String($0)) })
            #expect(removed.status == .seeOther)
            let after = try await browser.get("/groups/\(group)")
            #expect(after.body.contains("Исключено из группы: 3."))
            let left = Set(try await GroupMember.query(on: app.db).filter(\.$group.$id == group).all().map { $0.$volunteer.id })
            #expect(left == [ids[9], ids[10]])
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "group.remove_members").count() == 1)
            // one who is not a member refuses the whole removal
            let notMember = try await browser.post("/groups/\(group)/members/remove",
                                                   [("member_ids[]", String(ids[9])), ("member_ids[]", String(ids[0]))])
            #expect(notMember.status == .unprocessableEntity)
            #expect(try await GroupMember.query(on: app.db).filter(\.$group.$id == group).count() == 2)
            // an auditor sees the group but no boxes to tick and cannot post
            try await app.makeUser("aud", role: .auditor)
            let auditor = Browser(app)
            try await auditor.login("aud")
            let seen = try await auditor.get("/groups/\(group)")
            #expect(seen.status == .ok)
            #expect(!seen.body.contains("type=\"checkbox\" name="))
            let refused = try await auditor.post("/groups/\(group)/members", [("volunteer_ids[]", String(ids[0]))])
            #expect(refused.status == .forbidden)
        }
    }

    @Test func anAdminLinksOnlyAFreeVolunteerLogin() async throws {
        try await withApp { app in
            // setup
            let admin = try await app.makeUser("root", role: .admin)
            try await app.makeUser("cora", role: .coordinator)
            let vera = try await app.makeUser("vera", role: .volunteer)
            let ana = try await app.makeUser("ana", role: .analyst)
            let actor = AuditActor(id: admin, label: "root")
            let first = try await ProgrammeStore.createVolunteer(name: "Vera", regionID: 1, district: "", ageBand: .young,
                                                                 contact: "", userID: nil, actor: actor, app: app)
            let second = try await ProgrammeStore.createVolunteer(name: "Other", regionID: 1, district: "",
                                                                  ageBand: .young, contact: "", userID: nil,
                                                                  actor: actor, app: app)
            let browser = Browser(app)
            try await browser.login("root", language: "en")
            let page = try await browser.get("/volunteers/\(first)")
            #expect(page.body.contains("<option value=\"\(vera)\">vera"))
            #expect(!page.body.contains("<option value=\"\(ana)\">"))
            // MUT
            let analyst = try await browser.post("/volunteers/\(first)/login", [("user_id", String(ana))])
            let linked = try await browser.post("/volunteers/\(first)/login", [("user_id", String(vera))])
            let shown = try await browser.get("/volunteers/\(first)")
            let twice = try await browser.post("/volunteers/\(second)/login", [("user_id", String(vera))])
            // validate
            #expect(analyst.status == .unprocessableEntity)
            #expect(analyst.body.contains("Only an active login with the volunteer role can be linked."))
            #expect(linked.status == .seeOther)
            #expect(try await Volunteer.find(first, on: app.db)?.userID == vera)
            #expect(shown.body.contains("id=\"flash\""))
            #expect(shown.body.contains("data-linked=\"yes\""))
            #expect(twice.status == .unprocessableEntity)
            #expect(twice.body.contains("already linked to another volunteer"))
            #expect(try await Volunteer.find(second, on: app.db)?.userID == nil)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "volunteer.link_login").count() == 1)
            // a coordinator keeps records but hands out no logins
            let coordinator = Browser(app)
            try await coordinator.login("cora")
            let refused = try await coordinator.post("/volunteers/\(second)/login", [("user_id", String(vera))])
            #expect(refused.status == .forbidden)
            // the database itself holds one record per login
            let sql = try #require(app.db as? any SQLDatabase)
            await #expect(throws: (any Error).self) {
                try await sql.raw("UPDATE volunteers SET user_id = \(bind: vera) WHERE id = \(bind: second)").run()
            }
            // unlinking frees the login again
            let unlinked = try await coordinator.post("/volunteers/\(first)/login/remove", [])
            #expect(unlinked.status == .seeOther)
            #expect(try await Volunteer.find(first, on: app.db)?.userID == nil)
        }
    }

    @Test func aVolunteerLinksTheirOwnLoginWithAOneTimeCode() async throws {
        try await withApp { app in
            // setup
            try await app.makeUser("cora", role: .coordinator)
            let vera = try await app.makeUser("vera", role: .volunteer)
            try await app.makeUser("oleg", role: .volunteer)
            try await app.makeUser("ana", role: .analyst)
            let record = try await ProgrammeStore.createVolunteer(name: "Vera", regionID: 1, district: "",
                                                                  ageBand: .young, contact: "", userID: nil,
                                                                  actor: .commandLine, app: app)
            let coordinator = Browser(app)
            try await coordinator.login("cora", language: "en")
            // MUT: the coordinator makes a code, shown once
            let made = try await coordinator.post("/volunteers/\(record)/invitation", [])
            // validate
            #expect(made.status == .ok)
            #expect(made.headers.first(name: .cacheControl) == "no-store")
            let code = try #require(Self.between(made.body, "<code id=\"invitation-code\">", "</code>"))
            #expect(VolunteerStore.normalizedCode(code) != nil)
            #expect(made.body.contains("data-copy=\"#invitation-code\""))
            let stored = try #require(try await VolunteerInvitation.query(on: app.db).first())
            #expect(stored.codeSHA256 != code && !stored.codeSHA256.contains(code))
            #expect(!(try await coordinator.get("/volunteers/\(record)")).body.contains(code))
            // an analyst cannot use a code; a wrong code is refused in the volunteer's language
            let analyst = Browser(app)
            try await analyst.login("ana")
            #expect(try await analyst.post("/volunteer/link", [("code", code)]).status == .forbidden)
            let volunteer = Browser(app)
            try await volunteer.login("vera", language: "ky")
            let wrong = try await volunteer.post("/volunteer/link", [("code", "AAAA-BBBB-CCCC")])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.contains("id=\"form-errors\""))
            #expect(wrong.body.contains("Бул код жарабайт"))
            // typed in lower case with spaces, it works once
            let accepted = try await volunteer.post("/volunteer/link",
                                                    [("code", code.lowercased().replacingOccurrences(of: "-", with: " "))])
            #expect(accepted.status == .seeOther)
            #expect(try await Volunteer.find(record, on: app.db)?.userID == vera)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "volunteer.accept_invitation").count() == 1)
            #expect((try await volunteer.get("/volunteer/link")).body.contains("id=\"already-linked\""))
            // once used, the code is spent, even after the record is untied again
            try await VolunteerStore.unlinkLogin(volunteerID: record, actor: .commandLine, app: app)
            let oleg = Browser(app)
            try await oleg.login("oleg")
            let reused = try await oleg.post("/volunteer/link", [("code", code)])
            #expect(reused.status == .unprocessableEntity)
            #expect(try await Volunteer.find(record, on: app.db)?.userID == nil)
            // an expired code does not work either
            let old = try await VolunteerStore.createInvitation(volunteerID: record, actor: .commandLine, app: app,
                                                                now: Date().addingTimeInterval(-8 * 86_400))
            let expired = try await oleg.post("/volunteer/link", [("code", old.code)])
            #expect(expired.status == .unprocessableEntity)
            #expect(try await Volunteer.find(record, on: app.db)?.userID == nil)
        }
    }

    @Test func aGroupSpeaksTheLanguageChosenForItAndEverySaveIsConfirmed() async throws {
        try await withApp { app in
            // setup
            try await app.makeUser("cora", role: .coordinator)
            let browser = Browser(app)
            try await browser.login("cora", language: "en")
            let form = try await browser.get("/groups/new")
            #expect(form.body.contains("name=\"language\""))
            // MUT
            let created = try await browser.post("/groups", [("name", "Group 7"), ("region_id", "1"),
                                                             ("messenger", "whatsapp"), ("language", "ru")])
            let shown = try await browser.get(try #require(created.headers.first(name: .location)))
            let badLanguage = try await browser.post("/groups", [("name", "Group 8"), ("messenger", "whatsapp"),
                                                                 ("language", "fr")])
            // validate
            #expect(created.status == .seeOther)
            let group = try #require(try await VolunteerGroup.query(on: app.db).first())
            #expect(group.language == "ru")
            #expect(shown.body.contains("id=\"flash\""))
            #expect(shown.body.contains("data-language=\"ru\""))
            #expect(badLanguage.status == .unprocessableEntity)
            #expect(badLanguage.body.contains("href=\"#f-language\""))
            let id = try group.requireID()
            let edited = try await browser.post("/groups/\(id)", [("name", "Group 7"), ("messenger", "telegram"),
                                                                  ("language", "ky")])
            #expect(edited.status == .seeOther)
            #expect(try await VolunteerGroup.find(id, on: app.db)?.language == "ky")
            #expect((try await browser.get("/groups/\(id)")).body.contains("id=\"flash\""))
            // volunteers too: a refused form shows its errors at the top, a saved one is confirmed
            let refused = try await browser.post("/volunteers", [("name", ""), ("age_band", "18-24")])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("id=\"form-errors\""))
            let saved = try await browser.post("/volunteers", [("name", "Volunteer 1"), ("region_id", "1"),
                                                               ("age_band", "18-24")])
            #expect(saved.status == .seeOther)
            let record = try await browser.get(try #require(saved.headers.first(name: .location)))
            #expect(record.body.contains("id=\"flash\""))
            // the confirmation names nobody (it waits in the session row); the page names the volunteer
            #expect(record.body.contains("Volunteer saved."))
            #expect(record.body.contains("<h1>Volunteer 1</h1>"))
        }
    }

    /// The names in the list's rows, in page order.
    static func names(_ html: String) -> [String] {
        html.components(separatedBy: "<tr data-item=").dropFirst().compactMap { row in
            between(row, "\">", "</a>").map { String($0.split(separator: ">").last ?? "") }
        }
    }

    static func between(_ text: String, _ start: String, _ end: String) -> String? {
        guard let a = text.range(of: start), let b = text.range(of: end, range: a.upperBound..<text.endIndex) else {
            return nil
        }
        return String(text[a.upperBound..<b.lowerBound])
    }
}
