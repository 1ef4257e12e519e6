import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App

/// The partners and sharing rules pages and the appeal state of a court decision, as people use them.
@Suite("Sharing pages") struct SharingPagesTests {
    static func organization(_ app: Application) async throws -> Int {
        let organization = Organization()
        organization.nameKy = "Ак Бороон (ойдон чыгарылган)"
        organization.nameRu = "Ак Бороон (вымышленная)"
        organization.nameEn = "Ak Boroon (fictional)"
        organization.aliases = ""
        organization.designation = "extremist"
        organization.court = "Fictional district court"
        organization.decisionNumber = "F-7"
        organization.status = "banned"
        organization.notes = ""
        organization.searchText = "ак бороон"
        try await organization.create(on: app.db)
        return try organization.requireID()
    }

    @Test func legalCreatesAndRevokesARuleAndEveryStepIsAudited() async throws {
        try await withApp { app in
            let org = try await Self.organization(app)
            let partner = try await PartnerStore.create(.init(name: "Fictional Border Service", kind: "state_body"),
                                                        actor: .commandLine, app: app)
            try await app.makeUser("legal1", role: .legal)
            let legal = Browser(app)
            try await legal.login("legal1", language: "en")
            let empty = try await legal.get("/sharing")
            #expect(empty.status == .ok)
            #expect(empty.body.contains("id=\"no-rules\""))
            // A subject that does not exist is refused on its field and nothing is written.
            let refused = try await legal.post("/sharing/rules", [("partner_id", String(partner)), ("subject", "case"),
                                                                  ("case_id", "9999"), ("tlp", "amber")])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("href=\"#f-case_id\""))
            let badTLP = try await legal.post("/sharing/rules", [("partner_id", String(partner)),
                                                                 ("subject", "organization:\(org)"), ("tlp", "purple")])
            #expect(badTLP.status == .unprocessableEntity)
            #expect(try await SharingRule.query(on: app.db).count() == 0)
            let created = try await legal.post("/sharing/rules", [("partner_id", String(partner)),
                                                                  ("subject", "organization:\(org)"),
                                                                  ("tlp", "amber+strict"), ("title", ""),
                                                                  ("note", "Agreement no. 12 (fictional)")])
            #expect(created.status == .seeOther || created.status == .found)
            let rule = try #require(try await SharingRule.query(on: app.db).first())
            #expect(rule.tlp == .amberStrict && rule.subjectKind == .organization && rule.subjectID == org)
            #expect(rule.title == "Ak Boroon (fictional)")
            #expect(UUID(uuidString: rule.collectionID) != nil)
            let page = try await legal.get("/sharing")
            #expect(page.body.contains("TLP:AMBER+STRICT"))
            #expect(page.body.contains(rule.collectionID))
            _ = try await legal.post("/sharing/rules/\(try rule.requireID())/revoke", [])
            #expect(try await SharingRule.find(rule.id, on: app.db)?.revokedAt != nil)
            #expect(try await SharingScope.rules(forPartner: partner, on: app.db).isEmpty)
            let actions = try await AuditEntry.query(on: app.db).all().map(\.action)
            #expect(actions.contains("partner.create"))
            #expect(actions.contains("sharing_rule.create"))
            #expect(actions.contains("sharing_rule.revoke"))
        }
    }

    @Test func analystsSeeRulesButCannotMakeThemAndPartnersCannotSeeThem() async throws {
        try await withApp { app in
            let org = try await Self.organization(app)
            let partner = try await PartnerStore.create(.init(name: "Invented Media Watch", kind: "ngo"),
                                                        actor: .commandLine, app: app)
            try await app.makeUser("analyst1", role: .analyst)
            let analyst = Browser(app)
            try await analyst.login("analyst1")
            #expect(try await analyst.get("/sharing").status == .ok)
            #expect(!(try await analyst.get("/sharing").body.contains("id=\"rule-form\"")))
            let tried = try await analyst.post("/sharing/rules", [("partner_id", String(partner)),
                                                                  ("subject", "organization:\(org)"), ("tlp", "green")])
            #expect(tried.status == .forbidden)
            #expect(try await analyst.post("/partners", [("name", "Another"), ("kind", "ngo")]).status == .forbidden)
            try await app.makeUser("partner1", role: .partner)
            let reader = Browser(app)
            try await reader.login("partner1")
            #expect(try await reader.get("/sharing").status == .forbidden)
            #expect(try await reader.get("/partners").status == .forbidden)
            #expect(try await SharingRule.query(on: app.db).count() == 0)
        }
    }

    @Test func adminAddsAPartnerAttachesOnlyPartnerAccountsAndThePartnerSeesItsCollections() async throws {
        try await withApp { app in
            let org = try await Self.organization(app)
            try await app.makeUser("admin1", role: .admin)
            let partnerUser = try await app.makeUser("partner1", role: .partner)
            let analystUser = try await app.makeUser("analyst1", role: .analyst)
            let admin = Browser(app)
            try await admin.login("admin1")
            let dup = try await admin.post("/partners", [("name", ""), ("kind", "state_body")])
            #expect(dup.status == .unprocessableEntity)
            _ = try await admin.post("/partners", [("name", "Fictional Border Service"), ("kind", "state_body"),
                                                   ("contact", "desk@border.example")])
            let partner = try #require(try await Partner.query(on: app.db).first()?.id)
            let taken = try await admin.post("/partners", [("name", "Fictional Border Service"), ("kind", "ngo")])
            #expect(taken.status == .conflict || taken.status == .unprocessableEntity)
            #expect(try await Partner.query(on: app.db).count() == 1)
            let wrong = try await admin.post("/partners/\(partner)/accounts", [("user_id", String(analystUser))])
            #expect(wrong.status == .unprocessableEntity)
            #expect(try await User.find(analystUser, on: app.db)?.partnerID == nil)
            _ = try await admin.post("/partners/\(partner)/accounts", [("user_id", String(partnerUser))])
            #expect(try await User.find(partnerUser, on: app.db)?.partnerID == partner)
            let list = try await admin.get("/partners")
            #expect(list.body.contains("data-account=\"partner1\""))

            // Nothing leaves by default: the partner's home lists no collection until a rule names it.
            let reader = Browser(app)
            try await reader.login("partner1", language: "en")
            let before = try await reader.get("/")
            #expect(before.body.contains("data-work=\"collections\""))
            #expect(HomeWorklistTests.items("collections", in: before.body)?.isEmpty == true)
            let rule = try await SharingRuleStore.create(
                .init(partnerID: String(partner), subjectKind: "organization", subjectID: String(org), tlp: "green",
                      title: "Ak Boroon indicators", note: nil),
                actor: .commandLine, language: .en, app: app)
            let after = try await reader.get("/")
            let items = try #require(HomeWorklistTests.items("collections", in: after.body))
            #expect(items.count == 1)
            #expect(items.first?.contains("Ak Boroon indicators") == true)
            #expect(items.first?.contains(rule.collectionID) == true)
            // Disabling the partner stops everything at once.
            _ = try await admin.post("/partners/\(partner)/disable", [])
            #expect(try await SharingScope.rules(forPartner: partner, on: app.db).isEmpty)
            #expect(HomeWorklistTests.items("collections", in: try await reader.get("/").body)?.isEmpty == true)
            let actions = try await AuditEntry.query(on: app.db).all().map(\.action)
            #expect(actions.contains("partner.account_attach") && actions.contains("partner.disable"))
        }
    }
}
