import Exchange
import Fluent
import Foundation
import KaiguulCore
import MediaMatch
import Testing
import Vapor

@testable import App

@Suite("Banks pages") struct BankPagesTests {
    @Test func analystsSetABanksDistanceAndLegalRecordsAnOverturnedBan() async throws {
        try await withApp { app in
            let list = BankImportTests.tcap([BankImportTests.entry(1, "PDQ", BankImportTests.bridge, at: 1)])
            let bankID = try await BankImporter.importList(list, options: BankImportTests.options("Fictional partner list"),
                                                           actor: .commandLine, app: app).bankID
            try await app.makeUser("analyst1", role: .analyst)
            try await app.makeUser("legal1", role: .legal)
            try await app.makeUser("partner1", role: .partner)
            let analyst = Browser(app)
            try await analyst.login("analyst1", language: "en")
            let page = try await analyst.get("/banks")
            #expect(page.status == .ok)
            #expect(page.body.contains("data-bank=\"\(bankID)\"") && page.body.contains("Fictional partner list"))
            // A distance out of range is refused on its field and nothing changes.
            let refused = try await analyst.post("/banks/\(bankID)/settings", [("enabled", "true"), ("pdq_distance", "999")])
            #expect(refused.status == .unprocessableEntity)
            #expect(try await HashBank.find(bankID, on: app.db)?.pdqDistance == 31)
            let saved = try await analyst.post("/banks/\(bankID)/settings", [("pdq_distance", "12")])
            #expect(saved.status == .seeOther || saved.status == .found)
            let bank = try #require(try await HashBank.find(bankID, on: app.db))
            #expect(bank.pdqDistance == 12 && bank.enabled == false)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "hash_bank.update").count() == 1)
            // The export leaves the switched-off bank's entry as a tombstone, and is audited.
            let export = try await analyst.get("/banks/\(bankID)/export.json")
            #expect(export.status == .ok)
            #expect(try TCAPHashList.parse(Data(export.body.utf8)).entries.map(\.deleted) == [true])
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "hash_bank.export").count() == 1)

            // An analyst may not record an overturned ban; a legal officer may, with grounds.
            let material = BannedMaterial()
            material.title = "Fictional leaflet"
            material.kind = "media"
            material.court = "Fictional district court"
            material.decisionNumber = "F-9"
            try await material.create(on: app.db)
            let materialID = try material.requireID()
            #expect(try await analyst.post("/banks/materials/\(materialID)/revoke", [("reason", "x")]).status == .forbidden)
            let legal = Browser(app)
            try await legal.login("legal1", language: "en")
            #expect(try await legal.post("/banks/materials/\(materialID)/revoke", [("reason", " ")]).status == .unprocessableEntity)
            _ = try await legal.post("/banks/materials/\(materialID)/revoke", [("reason", "Appeal court decision F-12 (fictional)")])
            let revoked = try #require(try await BannedMaterial.find(materialID, on: app.db))
            #expect(revoked.revokedAt != nil && revoked.revokedReason == "Appeal court decision F-12 (fictional)")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "banned_material.revoke").count() == 1)

            // A partner account sees no banks.
            let partner = Browser(app)
            try await partner.login("partner1", language: "en")
            #expect(try await partner.get("/banks").status == .forbidden)
        }
    }
}

@Suite("Hash-list export for a partner") struct BankPartnerExportTests {
    @Test func onlyWhatARuleSharesLeavesAndTheExportIsAuditedWithItsRecipient() async throws {
        try await withApp { app in
            let shared = try await BankImporter.importList(
                BankImportTests.tcap([BankImportTests.entry(1, "MD5", "0123456789abcdef0123456789abcdef", at: 1),
                                      BankImportTests.entry(2, "MD5", "00112233445566778899aabbccddeeff", at: 1)]),
                options: BankImportTests.options("Shared list"), actor: .commandLine, app: app).bankID
            _ = try await BankImporter.importList(
                BankImportTests.tcap([BankImportTests.entry(1, "MD5", "ffeeddccbbaa99887766554433221100", at: 1)]),
                options: BankImportTests.options("Kept list"), actor: .commandLine, app: app)
            // The second import withdraws one shared hash: it must leave as a tombstone.
            _ = try await BankImporter.importList(
                BankImportTests.tcap([BankImportTests.entry(2, "MD5", "00112233445566778899aabbccddeeff", deleted: true, at: 2)]),
                options: BankImportTests.options("Shared list"), actor: .commandLine, app: app)
            let partner = try await PartnerStore.create(.init(name: "Fictional Border Service", kind: "state_body"),
                                                        actor: .commandLine, app: app)
            let nothing = try TCAPHashList.parse(try await BankExport.forPartner(partner, actor: .commandLine, app: app))
            #expect(nothing.entries.isEmpty)
            let rule = SharingRule()
            rule.partnerID = partner
            rule.subjectKindRaw = "bank"
            rule.subjectID = shared
            rule.tlpRaw = "green"
            rule.collectionID = UUID().uuidString.lowercased()
            rule.title = "Shared list for the border service"
            rule.createdAt = Date()
            try await rule.create(on: app.db)
            let page = try TCAPHashList.parse(try await BankExport.forPartner(partner, actor: .commandLine, app: app))
            #expect(page.entries.count == 2)
            #expect(page.entries.first { $0.digest == "00112233445566778899aabbccddeeff" }?.deleted == true)
            #expect(!page.entries.contains { $0.digest == "ffeeddccbbaa99887766554433221100" })
            let audits = try await AuditEntry.query(on: app.db).filter(\.$action == "exchange.export").all()
            #expect(audits.count == 1)
            let details = try JSONDecoder().decode([String: String].self, from: Data(try #require(audits.first).details.utf8))
            let ruleID = try rule.requireID()
            #expect(details["partner_id"] == String(partner) && details["rule_id"] == String(ruleID))
            #expect(details["format"] == "tcap" && details["count"] == "2")
        }
    }
}
