import Evidence
import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App

@Suite(.serialized) struct MonitoringPagesTests {
    @Test func sourcesTimelineItemRawRecordAndCandidates() async throws {
        let server = try await SiteServer.start(PipelineTests.site(alpha: "Alpha &lt;script&gt;alert(1)&lt;/script&gt; <b>&amp;</b> text", betaGone: false))
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup
            try app.useTestMonitoring(server: server)
            try await app.makeUser("ana", role: .analyst)
            try await app.makeUser("vol", role: .volunteer)
            let sourceID = try await app.makeSource(.website, server.url("/site/"))
            _ = try await CapturePipeline.check(sourceID: sourceID, job: nil, app: app)
            let browser = Browser(app)
            try await browser.login("ana")

            // sources list: item count, next check, link to candidates
            let list = try await browser.get("/sources")
            #expect(list.status == .ok)
            #expect(list.body.contains("href=\"/sources/\(sourceID)/items\">3</a>"))
            #expect(list.body.contains("href=\"/candidates\""))

            // an expert sees items only through cases: no source timeline
            try await app.makeUser("exp", role: .expert)
            let expert = Browser(app)
            try await expert.login("exp")
            #expect(try await expert.get("/sources/\(sourceID)/items").status == .forbidden)

            // timeline and item page, text escaped
            let timeline = try await browser.get("/sources/\(sourceID)/items")
            #expect(timeline.status == .ok && timeline.body.contains("items-table"))
            let alpha = try #require(try await Item.query(on: app.db).filter(\.$itemKey == "url:" + server.url("/site/a")).first())
            let page = try await browser.get("/items/\(try alpha.requireID())")
            #expect(page.status == .ok)
            #expect(page.body.contains("Alpha &lt;script&gt;alert(1)&lt;/script&gt; &amp; text"))
            #expect(!page.body.contains("<script>alert(1)"))
            let capture = try #require(try await Capture.find(try #require(alpha.captureID), on: app.db))
            #expect(page.body.contains(try #require(capture.payloadSHA256)))
            #expect(page.body.contains("/captures/\(try capture.requireID())/record"))

            // raw record: the stored gzip member, byte for byte, and an audit row
            let raw = try await browser.get("/captures/\(try capture.requireID())/record")
            #expect(raw.status == .ok)
            let file = try app.monitoring.warcDirectory.appendingPathComponent(try #require(capture.warcFile))
            var expected = Data()
            try WARCReader.copyRawRecord(file: file, location: WARCRecordLocation(
                filename: capture.warcFile!, offset: UInt64(capture.warcOffset!), length: UInt64(capture.warcLength!))) {
                expected.append($0)
            }
            #expect(raw.headers.first(name: .contentLength) == String(expected.count))
            #expect(raw.bytes == expected)
            #expect(raw.headers.first(name: .contentDisposition)?.contains("attachment") == true)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "capture.download").count() == 1)

            // candidates: accept one (registers a discovered source), reject the other
            let candidates = try await browser.get("/candidates")
            #expect(candidates.status == .ok && candidates.body.contains("fictional_patrol_channel"))
            let channel = try #require(try await SourceCandidate.query(on: app.db)
                .filter(\.$identity == "telegram:fictional_patrol_channel").first())
            let other = try #require(try await SourceCandidate.query(on: app.db).filter(\.$identity == "other-forum.example").first())
            let accepted = try await browser.post("/candidates/\(try channel.requireID())/accept", [])
            #expect(accepted.status == .seeOther || accepted.status == .found)
            let created = try #require(try await Source.query(on: app.db).filter(\.$identity == "telegram:fictional_patrol_channel").first())
            #expect(created.foundBy == "discovered" && created.discoveredFromID == sourceID)
            try await browser.post("/candidates/\(try other.requireID())/reject", [])
            let decided = try await SourceCandidate.query(on: app.db).sort(\.$identity).all()
            #expect(decided.map(\.status) == ["rejected", "accepted"])
            let again = try await browser.post("/candidates/\(try other.requireID())/accept", [])
            #expect(again.status == .conflict)

            // a volunteer sees none of it
            let volunteer = Browser(app)
            try await volunteer.login("vol")
            #expect(try await volunteer.get("/items/\(try alpha.requireID())").status == .forbidden)
            #expect(try await volunteer.get("/captures/\(try capture.requireID())/record").status == .forbidden)
            #expect(try await volunteer.post("/candidates/\(try other.requireID())/reject", []).status == .forbidden)
        }
    }

    @Test func archiveWritesAWACZOfThePageAndItsImages() async throws {
        let server = try await SiteServer.start(PipelineTests.site(alpha: "x", betaGone: false))
        defer { Task { await server.stop() } }
        try await withApp { app in
            try app.useTestMonitoring(server: server)
            let out = app.kaiguul.dataDirectory.appendingPathComponent("page.wacz")
            // MUT
            let result = try await ArchiveCommand.archive(url: server.url("/site/"), to: out, app: app)
            // validate
            #expect(result.images == 1 && result.captureIDs.count == 2)
            #expect(FileManager.default.fileExists(atPath: out.path))
            let paths = Set(result.summary.resources.map(\.path))
            #expect(paths.contains("indexes/index.cdx") && paths.contains("pages/pages.jsonl"))
            #expect(paths.contains { $0.hasPrefix("archive/") && $0.hasSuffix(".warc.gz") })
            #expect(result.summary.indexLineCount >= 2)
            let listing = try unzipList(out)
            #expect(listing.contains("datapackage.json") && listing.contains("datapackage-digest.json"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "evidence.package").count() == 1)
            EvidenceSamples.keep([out], prefix: "archive")
            // Evidence is never overwritten.
            await #expect(throws: (any Error).self) {
                try await EvidencePackage.write(captureIDs: result.captureIDs, to: out, app: app)
            }
        }
    }

    func unzipList(_ file: URL) throws -> String {
        // The central directory names every entry; reading the raw bytes is enough to find them.
        String(decoding: try Data(contentsOf: file), as: UTF8.self)
    }
}
