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

/// A page captured by the real pipeline reaches the queue with its priority stored, its alias
/// marked in the text, and its image beside the banned material's.
@Suite("Triage from the capture pipeline") struct TriagePipelineTests {
    @Test func capturedPageIsFirstWithItsReasons() async throws {
        let photo = [UInt8](try Data(contentsOf: PipelineAnalysisTests.fixtures
            .appendingPathComponent("images/bridge-1-original.jpg")))
        let page = """
            <html><head><title>Кабар</title></head><body><article>
            <p>&lt;script&gt;alert(1)&lt;/script&gt; Кара Туман биригип, баарыбыз күрөшөбүз! Жолго чыккыла.</p>
            <img src="/img/poster.jpg" alt="poster"></article></body></html>
            """
        let server = try await SiteServer.start { path in
            if path == "/img/poster.jpg" { return .ok(photo, type: "image/jpeg") }
            if path.hasPrefix("/site") { return .ok(page) }
            return .notFound
        }
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup: an indicator, the photo's PDQ hash and the photo itself kept for the material
            let f = try TriageFixture(app)
            let org = try await f.organization("Кара Туман Бирлиги")
            let report = RegistryImport.indicators(
                from: Data("organization,indicator,language,mode,weight\n\(org),кара туман,ky,phrase,3\n".utf8))
            _ = try await RegistryImportStore.importIndicators(report.records, actor: .commandLine, app: app)
            let services = try app.useTestMonitoring(server: server)
            let stored = try services.blobs.put(Data(photo))
            let bank = try MediaBank.parseHexLines(
                "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22 fictional banned poster\n", kind: .pdq)
            let material = try #require(try await MediaBankStore.importFingerprints(
                bank, materialID: nil, title: "Demo posters", dryRun: false, actor: .commandLine, app: app).materialID)
            let keep = MaterialFingerprint()
            keep.$material.id = material
            keep.kind = "sha256"
            keep.value = stored.sha256
            keep.label = "poster file"
            try await keep.create(on: app.db)
            let context = AnalysisContext(app: app)
            app.useMonitoring(try MonitoringServices(
                fetcher: services.fetcher, warcDirectory: services.warcDirectory, blobs: services.blobs,
                limits: services.limits,
                analyzers: [TextItemAnalyzer(context: context), MediaItemAnalyzer(context: context, blobs: services.blobs)],
                locate: server.locate, collector: "kaiguul-test"))
            let site = try await f.source(.website, "https://quiet.example/")
            _ = try await f.item(source: site, text: "older, weaker", level: .low, score: 20)
            let sourceID = try await app.makeSource(.website, server.url("/site/"))

            // MUT
            _ = try await CapturePipeline.check(sourceID: sourceID, job: nil, app: app)

            // validate: the item carries its priority; it leads the queue; its row says why
            struct Row: Decodable { var id: Int; var triage_level: Int?; var triage_score: Int? }
            let item = try #require(try await f.sql.raw("""
                SELECT id, triage_level, triage_score FROM items WHERE source_id = \(bind: sourceID) \
                AND triage_level IS NOT NULL ORDER BY triage_score DESC
                """).first(decoding: Row.self))
            #expect((item.triage_score ?? 0) >= 40)
            _ = try await app.makeUser("ana", role: .analyst)
            let browser = Browser(app)
            try await browser.login("ana", language: "en")
            let queue = try await browser.get("/triage")
            #expect(queue.status == .ok)
            let first = try #require(queue.body.range(of: "id=\"finding-").map { String(queue.body[$0.upperBound...].prefix(30)) })
            #expect(first.hasPrefix("item-\(item.id)\""))
            #expect(queue.body.contains("&lt;script&gt;alert(1)&lt;/script&gt; <mark>Кара Туман</mark> биригип"))
            #expect(queue.body.contains("src=\"/items/\(item.id)/media/0/thumbnail\""))
            #expect(queue.body.contains("src=\"/triage/materials/\(material)/thumbnail\""))
            let mine = try await browser.get("/items/\(item.id)/media/0/thumbnail")
            let banned = try await browser.get("/triage/materials/\(material)/thumbnail")
            #expect(mine.status == .ok && mine.headers.contentType == .jpeg)
            #expect(banned.status == .ok && banned.headers.contentType == .jpeg)
        }
    }

    /// A post whose words say nothing but whose photo is a court-banned poster's fingerprint: the
    /// media match alone makes it high (`TriagePriority`'s media rule), stored on the item.
    @Test func bannedPosterAloneMakesTheItemHigh() async throws {
        let photo = [UInt8](try Data(contentsOf: PipelineAnalysisTests.fixtures
            .appendingPathComponent("images/bridge-1-original.jpg")))
        let page = """
            <html><head><title>Сүрөттөр</title></head><body><article>
            <p>Кечээ шаардагы көпүрөнү тартып алдым.</p>
            <img src="/img/bridge.jpg" alt="bridge"></article></body></html>
            """
        let server = try await SiteServer.start { path in
            if path == "/img/bridge.jpg" { return .ok(photo, type: "image/jpeg") }
            if path.hasPrefix("/site") { return .ok(page) }
            return .notFound
        }
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup: only the photo's PDQ hash in the bank (no file hash, no indicator for these words)
            let f = try TriageFixture(app)
            let services = try app.useTestMonitoring(server: server)
            let bank = try MediaBank.parseHexLines(
                "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22 fictional banned poster\n",
                kind: .pdq)
            _ = try await MediaBankStore.importFingerprints(
                bank, materialID: nil, title: "Demo posters", dryRun: false, actor: .commandLine, app: app)
            let context = AnalysisContext(app: app)
            app.useMonitoring(try MonitoringServices(
                fetcher: services.fetcher, warcDirectory: services.warcDirectory, blobs: services.blobs,
                limits: services.limits,
                analyzers: [TextItemAnalyzer(context: context),
                            MediaItemAnalyzer(context: context, blobs: services.blobs)],
                locate: server.locate, collector: "kaiguul-test"))
            let sourceID = try await app.makeSource(.website, server.url("/site/"))

            // MUT
            _ = try await CapturePipeline.check(sourceID: sourceID, job: nil, app: app)

            // validate: the item's only finding is the PDQ match, and it is stored as high
            struct Row: Decodable { var id: Int; var triage_level: Int?; var triage_score: Int? }
            let item = try #require(try await f.sql.raw("""
                SELECT id, triage_level, triage_score FROM items WHERE source_id = \(bind: sourceID) \
                AND triage_level IS NOT NULL
                """).first(decoding: Row.self))
            struct Kind: Decodable { var kind: String }
            let kinds = try await f.sql.raw("SELECT kind FROM signals WHERE item_id = \(bind: item.id)")
                .all(decoding: Kind.self).map(\.kind)
            #expect(Set(kinds) == ["pdq", "triage"])
            #expect(item.triage_level == TriageVerdict.rank(.high))
            #expect((item.triage_score ?? 0) >= 70)
            // ...and the triage signal the item page reads says the same.
            struct Verdict: Decodable { var score: Double; var details: String }
            let verdict = try #require(try await f.sql.raw(
                "SELECT score, details FROM signals WHERE item_id = \(bind: item.id) AND kind = 'triage'"
            ).first(decoding: Verdict.self))
            #expect(Int((verdict.score * 100).rounded()) == item.triage_score)
            #expect(verdict.details.contains("\"level\":\"high\""))
            // A newer medium text finding and a tip wait behind it in the queue.
            let site = try await f.source(.website, "https://quiet.example/")
            let medium = try await f.item(source: site, text: "Кара Туман", level: .medium, score: 65, minutes: 600)
            let tip = try await f.tip(["https://elsewhere.example/x"], minutes: 600)
            let user = try await app.makeUser("ana", role: .analyst)
            let analyst = APIClient(app: app, token: try await app.makeToken(for: user))
            let reply = try await analyst.send(.GET, "/triage")
            #expect(reply.status == .ok)
            #expect(queueKeys(reply) == ["item:\(item.id)", "item:\(medium)", "tip:\(tip)"])
            let first = try #require((reply.json["items"] as? [[String: Any]])?.first)
            #expect(first["priority"] as? String == "high")
        }
    }
}
