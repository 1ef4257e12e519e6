import Fluent
import Foundation
@testable import KaiguulFixtures
import MediaMatch
import Testing
import Vapor

@testable import App

/// Adding a symbol: only those who may update the knowledge base, only a real image of bounded size
/// with a hash worth matching, captions in the programme's languages; a refusal writes nothing; an
/// accepted upload is one symbol, one bank entry and one audit row. The image route shows a public
/// symbol to anyone and another only to staff.
@Suite("Knowledge-base symbols: upload and image") struct KnowledgeSymbolUploadTests {
    static func counts(_ app: Application) async throws -> [Int] {
        [try await KnowledgeSymbol.query(on: app.db).count(), try await BankEntry.query(on: app.db).count(),
         try await AuditEntry.query(on: app.db).filter(\.$action ~~ ["knowledge_symbol.create_public", "knowledge_symbol.create_staff"]).count()]
    }

    static func organization(_ app: Application) async throws -> Int {
        try await OrganizationStore.create(
            try OrganizationInput.validate(.init(name_ky: "Кара Туман Бирлиги", name_ru: "Союз Чёрного Тумана",
                                                 name_en: "Black Fog Union", designation: "extremist")),
            actor: .commandLine, app: app)
    }

    @Test func refusedUploadsWriteNothingAndAnAcceptedOneIsAudited() async throws {
        try await withApp { app in
            let org = try await Self.organization(app)
            try await app.makeUser("ana", role: .analyst)
            try await app.makeUser("vera", role: .volunteer)
            let analyst = Browser(app), volunteer = Browser(app)
            try await analyst.login("ana", language: "en")
            try await volunteer.login("vera", language: "en")
            let emblem = try SymbolUpload.emblem(.fogCloud)
            let good = SymbolUpload.captions + [("public", "no")]
            let tiny = try JPEGEncoder.encode(try DemoData.demoEmblem(.fogCloud).image.scaled(toFit: 20), quality: 90)

            // MUT + validate: each refusal, with its message, and nothing written
            let forbidden = try await SymbolUpload.post(volunteer, organizationID: org, fields: good, file: emblem)
            #expect(forbidden.status == .forbidden)
            let refusals: [(fields: [(String, String)], file: Data, message: String)] = [
                (good, Data("not an image at all, just text".utf8), "href=\"#f-file\">This is not a JPEG, PNG, WebP or GIF"),
                (good, tiny, "Each side of the image must be 32–2048 pixels"),
                (good, try SymbolUpload.flat(side: 128), "too simple"),
                (good, emblem + Data(repeating: 0, count: KnowledgeSymbolImage.maxBytes), "too large"),
                (good.filter { $0.0 != "caption_ru" }, emblem, "href=\"#f-caption_ru\">This field is required."),
                (good.map { $0.0 == "public" ? ($0.0, "maybe") : $0 }, emblem, "href=\"#f-public\">Unknown value."),
            ]
            for refusal in refusals {
                let page = try await SymbolUpload.post(analyst, organizationID: org, fields: refusal.fields, file: refusal.file)
                #expect(page.status == .unprocessableEntity, "\(refusal.message)")
                #expect(page.body.contains(refusal.message), "\(refusal.message)")
            }
            #expect(try await Self.counts(app) == [0, 0, 0])
            let unknown = try await SymbolUpload.post(analyst, organizationID: 999_999, fields: good, file: emblem)
            #expect(unknown.status == .notFound)
            #expect(try await Self.counts(app) == [0, 0, 0])

            // The accepted upload: the symbol, its bank entry labelled with the organisation, the audit row.
            let accepted = try await SymbolUpload.post(analyst, organizationID: org, fields: good, file: emblem)
            #expect(accepted.status == .seeOther)
            #expect(try await Self.counts(app) == [1, 1, 1])
            let symbol = try #require(try await KnowledgeSymbol.query(on: app.db).first())
            let entry = try #require(try await BankEntry.find(symbol.bankEntryID, on: app.db))
            #expect(entry.kind == "pdq" && entry.value == symbol.pdq && entry.status == "active")
            #expect(entry.label?.contains("Black Fog Union") == true)
            #expect(symbol.sha256 == Digest.sha256(emblem))
            #expect(symbol.captionRu == "Вымышленная эмблема: чёрное облако")
            #expect(!symbol.isPublic)
            let audit = try #require(try await AuditEntry.query(on: app.db).filter(\.$action ~~ ["knowledge_symbol.create_public", "knowledge_symbol.create_staff"]).first())
            #expect(audit.details.contains(symbol.pdq))
            #expect(audit.actorLabel == "ana")
            #expect(audit.action == "knowledge_symbol.create_staff")
            let listed = try await analyst.get("/organizations/\(org)/symbols")
            #expect(listed.body.contains("Вымышленная эмблема: чёрное облако"))
            #expect(listed.body.contains("/knowledge/symbols/\(symbol.sha256)"))

            // The same picture again is refused: one bank entry per hash.
            let again = try await SymbolUpload.post(analyst, organizationID: org, fields: good, file: emblem)
            #expect(again.status == .unprocessableEntity)
            #expect(again.body.contains("already in the symbols"))
            #expect(try await Self.counts(app) == [1, 1, 1])
        }
    }

    @Test func publicSymbolToAnyoneOtherOnlyToStaff() async throws {
        try await withApp { app in
            let org = try await Self.organization(app)
            let fog = try SymbolUpload.emblem(.fogCloud), wheel = try SymbolUpload.emblem(.windWheel)
            func add(_ data: Data, public isPublic: Bool) async throws -> KnowledgeSymbol {
                let input = try KnowledgeSymbolInput.validate(
                    fields: ["caption_ky": "Белги", "caption_ru": "Знак", "public": isPublic ? "yes" : "no"], data: data)
                return try await KnowledgeSymbolStore.create(input, organizationID: org, actor: .commandLine, app: app)
            }
            let open = try await add(fog, public: true)
            let closed = try await add(wheel, public: false)
            try await app.makeUser("vera", role: .volunteer)
            try await app.makeUser("lena", role: .legal)
            let anonymous = Browser(app), volunteer = Browser(app), legal = Browser(app)
            try await volunteer.login("vera")
            try await legal.login("lena")

            // MUT + validate
            let shown = try await anonymous.get("/knowledge/symbols/\(open.sha256)")
            #expect(shown.status == .ok)
            #expect(shown.headers.contentType == .jpeg)
            // Pixels drawn again, not the uploaded file: it decodes, and it is not the same bytes.
            #expect(shown.bytes != fog)
            #expect((try? ImageDecoder().decode(shown.bytes)) != nil)
            #expect(try await anonymous.get("/knowledge/symbols/\(closed.sha256)").status == .notFound)
            #expect(try await volunteer.get("/knowledge/symbols/\(closed.sha256)").status == .notFound)
            #expect(try await legal.get("/knowledge/symbols/\(closed.sha256)").status == .ok)
            #expect(try await anonymous.get("/knowledge/symbols/\(String(repeating: "0", count: 64))").status == .notFound)
            #expect(try await anonymous.get("/knowledge/symbols/..%2F..%2Fetc").status == .notFound)

            let publicOnly = try await KnowledgeSymbols.forOrganization(org, publicOnly: true, on: app.db)
            #expect(publicOnly.map(\.id) == [open.id])
            #expect(try await KnowledgeSymbols.forOrganization(org, publicOnly: false, on: app.db).count == 2)
            // The volunteer's page lists the public symbol only, and offers no upload.
            let page = try await volunteer.get("/organizations/\(org)/symbols")
            #expect(page.body.contains(open.sha256) && !page.body.contains(closed.sha256))
            #expect(!page.body.contains("symbol-form"))
        }
    }
}
