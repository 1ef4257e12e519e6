import Detection
import Evidence
import Fluent
import Foundation
import MediaMatch
import Monitor
import SQLKit
import Testing
import Vapor

@testable import App

/// The analyse step of the pipeline: a captured page's text and image become signals, the item
/// page shows the image beside its match, and the analyst's decision is kept as a label.
@Suite("Analysis in the capture pipeline") struct PipelineAnalysisTests {
    static let fixtures = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/fixtures/pdq").standardizedFileURL

    @Test func textAndImageFindingsBecomeSignals() async throws {
        let photo = [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent("images/bridge-1-original.jpg")))
        let page = """
            <html><head><title>Demo post</title></head><body><article><h1>Demo post</h1>
            <p>Кара Туман биригип, баарыбыз күрөшөбүз! Жолго чыккыла, урматтуу бир туугандар.</p>
            <img src="/img/poster.jpg" alt="poster"></article></body></html>
            """
        let server = try await SiteServer.start { path in
            if path == "/img/poster.jpg" { return .ok(photo, type: "image/jpeg") }
            if path.hasPrefix("/site") { return .ok(page) }
            return .notFound
        }
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup: an organisation with an indicator; the photo's reference hash in the bank
            let org = try await OrganizationStore.create(
                try OrganizationInput.validate(.init(name_ky: "Кара Туман Бирлиги", designation: "extremist")),
                actor: .commandLine, app: app)
            let report = RegistryImport.indicators(from: Data("organization,indicator,language,mode,weight\n\(org),кара туман,ky,phrase,3\n".utf8))
            _ = try await RegistryImportStore.importIndicators(report.records, actor: .commandLine, app: app)
            let bank = try MediaBank.parseHexLines(
                "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22 fictional banned poster\n", kind: .pdq)
            _ = try await MediaBankStore.importFingerprints(bank, materialID: nil, title: "Demo posters", dryRun: false,
                                                            actor: .commandLine, app: app)
            let services = try app.useTestMonitoring(server: server)
            let context = AnalysisContext(app: app)
            let analysing = try MonitoringServices(
                fetcher: services.fetcher, warcDirectory: services.warcDirectory, blobs: services.blobs,
                limits: services.limits,
                analyzers: [TextItemAnalyzer(context: context), MediaItemAnalyzer(context: context, blobs: services.blobs)],
                locate: server.locate, collector: "kaiguul-test")
            app.useMonitoring(analysing)
            let sourceID = try await app.makeSource(.website, server.url("/site/"))

            // MUT
            _ = try await CapturePipeline.check(sourceID: sourceID, job: nil, app: app)

            // validate
            let sql = try #require(app.db as? any SQLDatabase)
            struct Row: Decodable { var item_id: Int; var kind: String; var organization_id: Int?; var details: String }
            let signals = try await sql.raw("SELECT item_id, kind, organization_id, details FROM signals ORDER BY id")
                .all(decoding: Row.self)
            #expect(signals.contains { $0.kind == "indicator" && $0.organization_id == org })
            #expect(signals.contains { $0.kind == "triage" })
            let pdq = try #require(signals.first { $0.kind == "pdq" })
            #expect(pdq.details.contains("\"distance\":0"))
            #expect(pdq.details.contains("fictional banned poster"))

            let analyst = try await app.makeUser("ana", role: .analyst)
            _ = analyst
            let browser = Browser(app)
            try await browser.login("ana", language: "en")
            let itemPage = try await browser.get("/items/\(pdq.item_id)")
            #expect(itemPage.status == .ok)
            // In the triage queue's words (ItemSignalsPageTests checks every kind).
            #expect(itemPage.body.contains("Image match (PDQ): distance 0"))
            #expect(itemPage.body.contains("fictional banned poster"))
            #expect(itemPage.body.contains("/media/0/thumbnail"))
            let thumb = try await browser.get("/items/\(pdq.item_id)/media/0/thumbnail")
            #expect(thumb.status == .ok)
            #expect(thumb.headers.contentType == .jpeg)
            let decided = try await browser.post("/items/\(pdq.item_id)/decision", [("label", "propaganda")])
            #expect(decided.status == .seeOther)
            #expect(try await DecisionStore.samples(on: app.db).first?.label == "propaganda")
        }
    }
}
