import Evidence
import Fluent
import Foundation
@testable import KaiguulFixtures
import MediaMatch
import Monitor
import SQLKit
import Testing
import Vapor

@testable import App

/// A symbol added to the knowledge base enters the media bank: the same check a source's capture
/// runs finds a re-encoded, resized copy of it in a captured item, and the signal names the organisation.
@Suite("Knowledge-base symbols in the media bank") struct KnowledgeSymbolMatchTests {
    @Test func symbolMatchesAReencodedCopyInACapturedItem() async throws {
        // setup: the capture shows the emblem shrunk to 70% and saved again at JPEG quality 35, and
        // beside it another emblem nobody banked (it must not match).
        let original = try DemoData.demoEmblem(.fogCloud).image
        let copy = [UInt8](try JPEGEncoder.encode(original.scaled(toFit: 180), quality: 35))
        let other = [UInt8](try DemoData.demoEmblem(.windWheel).jpeg)
        #expect(Data(copy) != (try SymbolUpload.emblem(.fogCloud)))
        let page = """
            <html><head><title>Demo post</title></head><body><article><h1>Demo post</h1>
            <p>Бүгүнкү жолугушуу тууралуу кабар.</p>
            <img src="/img/copy.jpg" alt="a"><img src="/img/other.jpg" alt="b"></article></body></html>
            """
        let server = try await SiteServer.start { path in
            if path == "/img/copy.jpg" { return .ok(copy, type: "image/jpeg") }
            if path == "/img/other.jpg" { return .ok(other, type: "image/jpeg") }
            if path.hasPrefix("/site") { return .ok(page) }
            return .notFound
        }
        defer { Task { await server.stop() } }
        try await withApp { app in
            let org = try await OrganizationStore.create(
                try OrganizationInput.validate(.init(name_ky: "Кара Туман Бирлиги", name_ru: "Союз Чёрного Тумана",
                                                     name_en: "Black Fog Union", designation: "extremist")),
                actor: .commandLine, app: app)
            try await app.makeUser("ana", role: .analyst)
            let analyst = Browser(app)
            try await analyst.login("ana", language: "en")
            let services = try app.useTestMonitoring(server: server)
            let context = AnalysisContext(app: app)
            app.useMonitoring(try MonitoringServices(
                fetcher: services.fetcher, warcDirectory: services.warcDirectory, blobs: services.blobs,
                limits: services.limits,
                analyzers: [TextItemAnalyzer(context: context), MediaItemAnalyzer(context: context, blobs: services.blobs)],
                locate: server.locate, collector: "kaiguul-test"))
            // The analysis has loaded its (empty) banks before the symbol exists: the upload must reach
            // a running matcher, not only a fresh one.
            _ = await context.current()

            // MUT: an analyst uploads the emblem on the organisation's symbols page; a source is checked
            let uploaded = try await SymbolUpload.post(analyst, organizationID: org, fields: SymbolUpload.captions + [("public", "yes")],
                                                       file: try SymbolUpload.emblem(.fogCloud))
            #expect(uploaded.status == .seeOther)
            let sourceID = try await app.makeSource(.website, server.url("/site/"))
            _ = try await CapturePipeline.check(sourceID: sourceID, job: nil, app: app)

            // validate: one image match, on the re-encoded copy, naming the organisation and the symbols' bank
            let bank = try await KnowledgeSymbolBank.ensure(on: app.db)
            let symbol = try #require(try await KnowledgeSymbol.query(on: app.db).first())
            let sql = try #require(app.db as? any SQLDatabase)
            struct Row: Decodable { var item_id: Int; var kind: String; var details: String }
            let matches = try await sql.raw("SELECT item_id, kind, details FROM signals WHERE kind = 'pdq' ORDER BY id")
                .all(decoding: Row.self)
            #expect(matches.count == 1)
            let match = try #require(matches.first)
            let signal = try #require(BankSignal.decode(kind: match.kind, details: match.details))
            #expect(signal.banked == symbol.pdq)
            #expect(signal.source == "bank #\(try bank.requireID())")
            #expect(signal.label.contains("Black Fog Union"))
            #expect(signal.label.contains("Кара Туман Бирлиги"))
            #expect(signal.distance > 0 && signal.distance <= MediaMatcher.defaultMaxDistance)
            #expect(match.details.contains("/img/copy.jpg"))
            // The analyst sees it on the item as any bank match, and may give it feedback.
            let item = try await analyst.get("/items/\(match.item_id)")
            #expect(item.body.contains("Image match (PDQ)"))
            #expect(item.body.contains("Black Fog Union"))
        }
    }

    @Test func demoSeedsTwoInventedEmblemsIntoTheBank() async throws {
        try await withApp { app in
            // MUT
            _ = try await DemoData.seed(app: app)
            // validate: one public emblem each for the two organisations with full entries, both in the matcher
            let symbols = try await KnowledgeSymbol.query(on: app.db).sort(\.$id).all()
            let names = try await Organization.query(on: app.db).all()
                .filter { org in symbols.contains { $0.organizationID == org.id } }.map(\.nameEn).sorted()
            #expect(names == ["Black Fog Union", "Green Wind Community"])
            #expect(symbols.allSatisfy { $0.isPublic && !$0.captionKy.isEmpty && !$0.captionRu.isEmpty })
            let matcher = try await BankMatching.matcher(on: app.db)
            for symbol in symbols {
                let pdq = try #require(PDQHash(hex: symbol.pdq))
                #expect(matcher.matches(pdq: pdq, quality: 100).contains { $0.fingerprint.value == symbol.pdq })
            }
        }
    }
}
