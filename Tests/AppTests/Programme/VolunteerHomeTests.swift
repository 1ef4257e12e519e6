import Fluent
import Foundation
import Testing
import Vapor

@testable import App

@Suite("The volunteer's home: materials to share and my tips") struct VolunteerHomeTests {
    @Test func homeListsWhatToShareWithTheFullLinkAndTakesISharedIt() async throws {
        try await withApp { app in
            // setup: a linked volunteer in a Russian-speaking group with one approved and one retired material sent
            app.kaiguul.publicURL = "https://patrol.example.kg"
            let cora = try await app.makeUser("cora", role: .coordinator)
            let veraUser = try await app.makeUser("vera", role: .volunteer)
            let olegUser = try await app.makeUser("oleg", role: .volunteer)
            let actor = AuditActor(id: cora, label: "cora")
            let group = try await ProgrammeStore.createGroup(name: "Ош жаштары", regionID: nil, messenger: .whatsapp,
                                                             language: .ru, coordinatorID: cora, actor: actor, app: app)
            let vera = try await ProgrammeStore.createVolunteer(name: "Vera", regionID: nil, district: "", ageBand: .young,
                                                                contact: "", userID: veraUser, actor: actor, app: app)
            try await ProgrammeStore.addMember(groupID: group, volunteerID: vera, actor: actor, app: app)
            let clip = try await MaterialListTests.approvedMaterial("Тынчтык жолу", actor: actor, app: app)
            let old = try await MaterialListTests.approvedMaterial("Old clip", actor: actor, app: app)
            let (id, code) = try await DistributionStore.distribute(materialID: clip, groupID: group, channel: nil,
                                                                    on: "2026-03-01", actor: actor, app: app)
            _ = try await DistributionStore.distribute(materialID: old, groupID: group, channel: nil, on: "2026-02-01",
                                                       actor: actor, app: app)
            try await DistributionStore.setStatus(old, .retired, actor: actor, app: app)
            // a tip of vera's and one of oleg's
            let veraTip = try await TipStore.create(TipInput(urls: ["https://bad.example/a"], platform: nil, comment: "", contact: nil),
                                                    submittedBy: AuditActor(id: veraUser, label: "vera"), app: app)
            _ = try await TipStore.create(TipInput(urls: ["https://other.example/b"], platform: nil, comment: "", contact: nil),
                                          submittedBy: AuditActor(id: olegUser, label: "oleg"), app: app)
            let browser = Browser(app)
            try await browser.login("vera", language: "ky")
            // MUT
            let home = try await browser.get("/")
            // validate
            #expect(home.status == .ok)
            #expect(home.body.contains("id=\"home\" data-role=\"volunteer\""))
            let share = try #require(home.body.range(of: "data-work=\"share\""))
            let tips = try #require(home.body.range(of: "data-work=\"tips\""))
            let shareSection = String(home.body[share.upperBound..<tips.lowerBound])
            #expect(shareSection.components(separatedBy: "data-item=").count - 1 == 1)
            #expect(shareSection.contains("https://patrol.example.kg/l/\(code)"))
            #expect(shareSection.contains("data-copy=\"#link-\(id)\""))
            #expect(shareSection.contains("https://wa.me/?text="))
            #expect(shareSection.contains("поделитесь"))  // the group's language, in a Kyrgyz page
            #expect(shareSection.contains("action=\"/distributions/\(id)/confirm\""))
            #expect(!shareSection.contains("Old clip"))
            let tipSection = String(home.body[tips.upperBound...])
            #expect(tipSection.contains("№\(veraTip)"))
            #expect(tipSection.contains("https://bad.example/a"))
            #expect(!tipSection.contains("other.example"))
            #expect(tipSection.contains("Кабыл алынды"))
            // "I shared it" from the home page comes back to it, confirmed, and the item is done
            let confirmed = try await browser.post("/distributions/\(id)/confirm", [("back", "/")])
            #expect(confirmed.headers.first(name: .location) == "/")
            let after = try await browser.get("/")
            #expect(after.body.contains("id=\"flash\""))
            let afterShare = try #require(after.body.range(of: "data-work=\"share\""))
            let afterTips = try #require(after.body.range(of: "data-work=\"tips\""))
            #expect(!after.body[afterShare.upperBound..<afterTips.lowerBound].contains("data-item="))
            // the return address is one of ours only
            let elsewhere = try await browser.post("/distributions/\(id)/confirm", [("back", "https://evil.example/")])
            #expect(elsewhere.headers.first(name: .location) == "/distributions")
        }
    }

    @Test func anUnlinkedVolunteerIsToldWhyNothingIsListed() async throws {
        try await withApp { app in
            try await app.makeUser("oleg", role: .volunteer)
            let browser = Browser(app)
            try await browser.login("oleg", language: "en")
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(home.body.contains("data-work=\"share\""))
            #expect(home.body.contains("not linked to a volunteer record"))
            #expect(home.body.contains("data-work=\"tips\""))
        }
    }
}
