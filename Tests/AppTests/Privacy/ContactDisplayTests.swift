import Fluent
import Foundation
import KaiguulCore
import SQLKit
import Testing
import Vapor

@testable import App

/// Volunteers' names are sealed in the database and opened for pages; contacts appear masked in
/// lists and on the volunteer's page, whole only on the answer to an audited "show", and a whole
/// contact typed in the search box finds its volunteer.
@Suite("Contacts shown at a minimum") struct ContactDisplayTests {
    static let fullContact = "+996 555 12-34-56"

    static func volunteer(_ app: Application, _ name: String, contact: String = "", region: Int = 1,
                          district: String = "") async throws -> Int {
        try await ProgrammeStore.createVolunteer(name: name, regionID: region, district: district, ageBand: .young,
                                                 contact: contact, userID: nil, actor: .commandLine, app: app)
    }

    static func names(_ html: String) -> [String] { VolunteerGroupTests.names(html) }

    static func query(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    @Test func aCoordinatorFindsAVolunteerByTheirContactTypedDifferently() async throws {
        try await withApp { app in
            try await app.makeUser("cora", role: .coordinator)
            try await app.makeUser("aud", role: .auditor)
            _ = try await Self.volunteer(app, "Aibek Invented", contact: "+996555123456")
            _ = try await Self.volunteer(app, "Bermet Invented", contact: "+996555123457")
            _ = try await Self.volunteer(app, "Chyngyz Invented", contact: "@chyngyz_invented")
            let group = try await ProgrammeStore.createGroup(name: "Invented group", regionID: 1, messenger: .telegram,
                                                             coordinatorID: nil, actor: .commandLine, app: app)
            let cora = Browser(app)
            try await cora.login("cora", language: "en")
            // MUT
            let typed = try await cora.get("/volunteers?q=" + Self.query(Self.fullContact))
            let handle = try await cora.get("/volunteers?q=" + Self.query("@Chyngyz_Invented"))
            let part = try await cora.get("/volunteers?q=" + Self.query("555123456"))
            let picker = try await cora.get("/groups/\(group)?q=" + Self.query("+996 (555) 123 457"))
            // validate: exact equality of the normalised contact, not a substring
            #expect(Self.names(typed.body) == ["Aibek Invented"])
            #expect(Self.names(handle.body) == ["Chyngyz Invented"])
            #expect(Self.names(part.body).isEmpty)
            #expect(picker.body.contains("Bermet Invented"))
            #expect(!picker.body.contains("Aibek Invented"))
            #expect(typed.body.contains("exactly that contact"))
            // an auditor may list volunteers but cannot look people up by contact
            let auditor = Browser(app)
            try await auditor.login("aud", language: "en")
            let audited = try await auditor.get("/volunteers?q=" + Self.query(Self.fullContact))
            #expect(audited.status == .ok)
            #expect(Self.names(audited.body).isEmpty)
        }
    }

    @Test func listsShowTheContactMaskedAndNeverWhole() async throws {
        try await withApp { app in
            try await app.makeUser("cora", role: .coordinator)
            let member = try await Self.volunteer(app, "Aibek Invented", contact: Self.fullContact)
            _ = try await Self.volunteer(app, "Bermet Invented", contact: "+996 700 98-76-54")
            let group = try await ProgrammeStore.createGroup(name: "Invented group", regionID: 1, messenger: .telegram,
                                                             coordinatorID: nil, actor: .commandLine, app: app)
            try await ProgrammeStore.addMember(groupID: group, volunteerID: member, actor: .commandLine, app: app)
            let cora = Browser(app)
            try await cora.login("cora", language: "en")
            // MUT
            let pages = [
                try await cora.get("/volunteers"), try await cora.get("/groups/\(group)"),
                try await cora.get("/volunteers/\(member)"), try await cora.get("/volunteers/\(member)/edit"),
                try await cora.get("/trainings"),
            ]
            // validate
            for page in pages {
                #expect(page.status == .ok)
                for whole in [Self.fullContact, "+996555123456", "555 12-34-56", "+996 700 98-76-54"] {
                    #expect(!page.body.contains(whole), "\(whole) on a page")
                }
            }
            #expect(pages[0].body.contains("•••456") && pages[0].body.contains("•••654"))
            // the group page: the member's mask in the members' table, the other's in the picker
            #expect(pages[1].body.contains("•••456") && pages[1].body.contains("•••654"))
            #expect(pages[2].body.contains("•••456"))
            #expect(pages[2].body.contains("action=\"/volunteers/\(member)/contact\""))
            #expect(pages[3].body.contains("•••456"))
        }
    }

    @Test func showOpensTheContactOnceAndWritesOneAuditRowWithoutIt() async throws {
        try await withApp { app in
            try await app.makeUser("cora", role: .coordinator)
            try await app.makeUser("aud", role: .auditor)
            try await app.makeUser("ana", role: .analyst)
            let id = try await Self.volunteer(app, "Aibek Invented", contact: Self.fullContact)
            let cora = Browser(app)
            try await cora.login("cora", language: "en")
            // MUT
            let shown = try await cora.post("/volunteers/\(id)/contact", [])
            // validate
            #expect(shown.status == .ok)
            #expect(shown.body.contains(Self.fullContact))
            #expect(shown.headers.first(name: .cacheControl) == "no-store")
            let rows = try await AuditEntry.query(on: app.db).filter(\.$action == "volunteer.contact_show").all()
            #expect(rows.count == 1)
            #expect(rows.first?.objectType == "volunteer")
            #expect(rows.first?.objectID == String(id))
            for row in rows {
                #expect(!row.details.contains("555") && !row.details.contains("Aibek"))
                #expect(!row.actorLabel.contains("555"))
            }
            // the page read again is masked
            #expect(!(try await cora.get("/volunteers/\(id)")).body.contains(Self.fullContact))
            // without CSRF nothing is shown or logged
            let forged = try await cora.post("/volunteers/\(id)/contact", [], csrf: false)
            #expect(forged.status != .ok)
            #expect(!forged.body.contains(Self.fullContact))
            // an auditor sees the mask, no button, and is refused
            let auditor = Browser(app)
            try await auditor.login("aud", language: "en")
            let page = try await auditor.get("/volunteers/\(id)")
            #expect(page.body.contains("•••456"))
            #expect(!page.body.contains("/volunteers/\(id)/contact"))
            let refused = try await auditor.post("/volunteers/\(id)/contact", [])
            #expect(refused.status == .forbidden)
            #expect(!refused.body.contains(Self.fullContact))
            let analyst = Browser(app)
            try await analyst.login("ana", language: "en")
            #expect(try await analyst.post("/volunteers/\(id)/contact", []).status == .forbidden)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "volunteer.contact_show").count() == 1)
            // an erased record has nothing to show, and nothing is logged
            try await app.write { db in _ = try await PersonalDataEraser.eraseVolunteer(id, on: db) }
            let erased = try await cora.post("/volunteers/\(id)/contact", [])
            #expect(erased.status == .conflict)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "volunteer.contact_show").count() == 1)
            #expect((try await cora.get("/volunteers/\(id)")).body.contains("Erased volunteer #\(id)"))
        }
    }

    @Test func namesAreOpenedSortedAndSearchedAsBeforeAndNoCiphertextReachesAPage() async throws {
        try await withApp { app in
            try await app.makeUser("cora", role: .coordinator)
            var ids: [Int] = []
            for name in ["Волонтёр 10", "Волонтёр 2", "айнура Invented", "Волонтёр 1"] {
                ids.append(try await Self.volunteer(app, name, contact: "+99655500000\(ids.count)"))
            }
            let group = try await ProgrammeStore.createGroup(name: "Invented group", regionID: 1, messenger: .telegram,
                                                             coordinatorID: nil, actor: .commandLine, app: app)
            for id in ids { try await ProgrammeStore.addMember(groupID: group, volunteerID: id, actor: .commandLine, app: app) }
            // the column holds ciphertext, not the name
            let stored = try #require(try await Volunteer.find(ids[0], on: app.db))
            #expect(stored.name.hasPrefix("v1:"))
            #expect(!stored.name.contains("Волонтёр"))
            let cora = Browser(app)
            try await cora.login("cora", language: "en")
            // MUT
            let list = try await cora.get("/volunteers")
            let searched = try await cora.get("/volunteers?q=" + Self.query("АЙНУРА"))
            let pages = [list, searched, try await cora.get("/groups/\(group)"), try await cora.get("/volunteers/\(ids[0])"),
                         try await cora.get("/trainings"), try await cora.get("/curriculum?region=1"),
                         try await cora.get("/volunteers/\(ids[0])/edit")]
            // validate
            // natural order, case folded as before: "а" before "В", 2 before 10
            #expect(Self.names(list.body) == ["айнура Invented", "Волонтёр 1", "Волонтёр 2", "Волонтёр 10"])
            #expect(Self.names(searched.body) == ["айнура Invented"])
            #expect(pages[2].body.contains("Волонтёр 10"))
            #expect(pages[3].body.contains("<h1>Волонтёр 10</h1>"))
            #expect(pages[6].body.contains("value=\"Волонтёр 10\""))
            for page in pages {
                #expect(page.status == .ok)
                #expect(!page.body.contains("v1:"), "ciphertext on a page")
            }
        }
    }

    @Test func anEmptyContactFieldKeepsTheContactAndTheBoxRemovesIt() async throws {
        try await withApp { app in
            try await app.makeUser("cora", role: .coordinator)
            let id = try await Self.volunteer(app, "Aibek Invented", contact: Self.fullContact)
            let cora = Browser(app)
            try await cora.login("cora", language: "en")
            let form: [(String, String)] = [("name", "Aibek Renamed"), ("region_id", "1"), ("district", ""),
                                            ("age_band", "18-24"), ("contact", "")]
            // MUT
            let kept = try await cora.post("/volunteers/\(id)", form)
            // validate
            #expect(kept.status == .seeOther)
            let after = try #require(try await Volunteer.find(id, on: app.db)?.person(app.personalData))
            #expect(after == VolunteerPerson(name: "Aibek Renamed", contact: Self.fullContact))
            let removed = try await cora.post("/volunteers/\(id)", form + [("remove_contact", "on")])
            #expect(removed.status == .seeOther)
            #expect(try await Volunteer.find(id, on: app.db)?.person(app.personalData)?.contact == "")
            #expect(try await Volunteer.find(id, on: app.db)?.contactHash == nil)
        }
    }

    @Test func aTipSendersContactIsMaskedInTheQueueAndShownOnceAudited() async throws {
        try await withApp { app in
            try await app.makeUser("cora", role: .coordinator)
            try await app.makeUser("aud", role: .auditor)
            try await app.makeUser("ana", role: .analyst)
            let tip = try await TipStore.create(TipInput(urls: ["https://bad.example/a"], platform: nil, comment: "",
                                                         contact: "@sender_invented"), submittedBy: nil, app: app)
            let cora = Browser(app)
            try await cora.login("cora", language: "en")
            // MUT
            let queue = try await cora.get("/tips")
            let shown = try await cora.post("/tips/\(tip)/contact", [])
            // validate
            #expect(queue.body.contains("•••ted"))
            #expect(!queue.body.contains("sender_invented"))
            #expect(shown.status == .ok)
            #expect(shown.body.contains("@sender_invented"))
            #expect(shown.headers.first(name: .cacheControl) == "no-store")
            let rows = try await AuditEntry.query(on: app.db).filter(\.$action == "tip.contact_show").all()
            #expect(rows.count == 1)
            #expect(rows.first?.objectID == String(tip))
            #expect(rows.allSatisfy { !$0.details.contains("sender") })
            for name in ["aud", "ana"] {
                let other = Browser(app)
                try await other.login(name, language: "en")
                #expect(!(try await other.get("/tips")).body.contains("/tips/\(tip)/contact"))
                #expect(try await other.post("/tips/\(tip)/contact", []).status == .forbidden)
            }
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "tip.contact_show").count() == 1)
        }
    }
}
