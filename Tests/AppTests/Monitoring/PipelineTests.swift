import Evidence
import Fluent
import Foundation
import KaiguulCore
import SQLKit
import Testing
import Vapor

@testable import App

/// The capture pipeline against a loopback site: captures rows, WARC records at their offsets,
/// change detection, media, discovery, and the bad inputs the issue lists.
@Suite(.serialized) struct PipelineTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 64)

    static func site(alpha: String, betaGone: Bool) -> SiteServer.Route {
        { path in
            switch path {
            case "/site/":
                return .ok("""
                    <html><head><title>Fictional Civic Forum</title></head><body>
                    <p>Welcome to an invented forum.</p>
                    <a href="/site/a">Alpha</a> <a href="/site/b#top">Beta</a>
                    <a href="https://t.me/fictional_patrol_channel">our channel</a>
                    <a href="https://other-forum.example/page">friends</a>
                    <img src="/img/one.png" alt="logo"></body></html>
                    """)
            case "/site/a": return .ok("<html><head><title>Alpha</title></head><body><p>\(alpha)</p></body></html>")
            case "/site/b":
                return betaGone ? .notFound : .ok("<html><head><title>Beta</title></head><body><p>Beta text</p></body></html>")
            case "/img/one.png": return .ok(png, type: "image/png")
            default: return .notFound
            }
        }
    }

    @Test func aWebsiteIsCapturedAndChangesAreVersioned() async throws {
        let server = try await SiteServer.start(Self.site(alpha: "First alpha text", betaGone: false))
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup
            let services = try app.useTestMonitoring(server: server)
            let sourceID = try await app.makeSource(.website, server.url("/site/"))

            // MUT: first check
            let first = try await CapturePipeline.check(sourceID: sourceID, job: nil, app: app)

            // validate: three pages and one image captured, each row pointing at a readable record
            #expect(first.pages == 3 && first.newItems == 3 && first.changedItems == 0)
            let captures = try await Capture.query(on: app.db).sort(\.$id).all()
            #expect(captures.filter { $0.role == "page" }.count == 3)
            #expect(captures.filter { $0.role == "media" }.count == 1)
            for capture in captures {
                let file = services.warcDirectory.appendingPathComponent(try #require(capture.warcFile))
                let (header, block) = try WARCReader.readRecord(file: file, offset: UInt64(try #require(capture.warcOffset)),
                                                                maxBlockBytes: 1 << 20)
                #expect(header.type == .response)
                #expect(header.targetURI == capture.url)
                #expect(header.fields["WARC-Payload-Digest"] == "sha256:\(try #require(capture.payloadSHA256))")
                #expect(header.fields["WARC-IP-Address"] == "127.0.0.1" && capture.ip == "127.0.0.1")
                #expect(String(decoding: block.prefix(12), as: UTF8.self) == "HTTP/1.1 200")
                #expect(capture.httpStatus == 200 && capture.error == nil && capture.truncated == nil)
            }
            let problems = WARCConformance.check(directory: services.warcDirectory, options: .kaiguul)
            #expect(problems.isEmpty, "\(problems)")

            // the page's image went to the blob store with its own capture
            let home = try #require(try await Item.query(on: app.db).filter(\.$itemKey == "url:" + server.url("/site/")).first())
            let media = StoredMedia.decodeList(home.media)
            #expect(media.count == 1)
            let stored = try #require(media.first?.sha256)
            #expect(try services.blobs.read(stored, maxBytes: 1000) == Data(Self.png))

            // discovery: the channel and the other site are candidates, nothing is watched
            let candidates = try await SourceCandidate.query(on: app.db).sort(\.$identity).all()
            #expect(candidates.map(\.identity) == ["other-forum.example", "telegram:fictional_patrol_channel"])
            #expect(candidates.allSatisfy { $0.status == "pending" && $0.discoveredFromID == sourceID })
            #expect(try await Source.query(on: app.db).count() == 1)

            // MUT: the same site again, unchanged
            let same = try await CapturePipeline.check(sourceID: sourceID, job: nil, app: app)
            #expect(same.newItems == 0 && same.changedItems == 0 && same.goneItems == 0)

            // MUT: alpha's text changed, beta removed
            server.setRoute(Self.site(alpha: "Second alpha text", betaGone: true))
            let changed = try await CapturePipeline.check(sourceID: sourceID, job: nil, app: app)
            #expect(changed.changedItems == 1 && changed.goneItems == 1)
            let alpha = try await Item.query(on: app.db).filter(\.$itemKey == "url:" + server.url("/site/a"))
                .sort(\.$version).all()
            #expect(alpha.map(\.version) == [1, 2])
            #expect(alpha.map(\.text).joined(separator: "|").contains("First alpha text"))
            #expect(alpha.last?.text.contains("Second alpha text") == true)
            let beta = try await Item.query(on: app.db).filter(\.$itemKey == "url:" + server.url("/site/b")).all()
            #expect(beta.count == 1 && beta.first?.goneAt != nil)
            let notFound = try await Capture.query(on: app.db).filter(\.$httpStatus == 404).count()
            #expect(notFound == 1)
            #expect(WARCConformance.check(directory: services.warcDirectory, options: .kaiguul).isEmpty)

            try await services.warc.close()
            let files = try FileManager.default.contentsOfDirectory(at: services.warcDirectory, includingPropertiesForKeys: nil)
            EvidenceSamples.keep(files, prefix: "website")
        }
    }

    @Test func aFeedAndATelegramChannelAreRead() async throws {
        let feed = try MonitoringFixtures.bytes("feeds/feed-test-ru.xml")
        let channel = try MonitoringFixtures.bytes("telegram/channel-2026.html")
        let server = try await SiteServer.start { path in
            if path == "/feed.xml" { return .ok(feed, type: "application/rss+xml") }
            if path.hasPrefix("/ext/t.me/s/test_channel") { return .ok(channel, type: "text/html; charset=utf-8") }
            if path.hasPrefix("/ext/") { return .ok(Self.png, type: "image/jpeg") }
            return .notFound
        }
        defer { Task { await server.stop() } }
        try await withApp { app in
            var limits = PipelineLimits()
            limits.channelPages = 1
            let services = try app.useTestMonitoring(server: server, limits: limits)
            let feedID = try await app.makeSource(.rss, server.url("/feed.xml"))
            let channelID = try await app.makeSource(.telegram, "https://t.me/test_channel")

            let feedReport = try await CapturePipeline.check(sourceID: feedID, job: nil, app: app)
            #expect(feedReport.newItems > 0)
            #expect(try await Item.query(on: app.db).filter(\.$sourceID == feedID).count() == feedReport.newItems)

            let channelReport = try await CapturePipeline.check(sourceID: channelID, job: nil, app: app)
            #expect(channelReport.newItems == 3)
            let posts = try await Item.query(on: app.db).filter(\.$sourceID == channelID).sort(\.$platformID).all()
            #expect(posts.compactMap(\.platformID).count == 3)
            #expect(posts.allSatisfy { $0.itemKey.hasPrefix("id:") && $0.contentSHA256?.count == 64 })
            #expect(server.requests.contains("/ext/t.me/s/test_channel"))
            #expect(WARCConformance.check(directory: services.warcDirectory, options: .kaiguul).isEmpty)
        }
    }

    static func gzipBomb() throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "head -c 30000000 /dev/zero | gzip -c"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Array(data)
    }

    @Test func badInputsEndAsTruncatedOrFailedCapturesAndTheWorkerGoesOn() async throws {
        let bomb = try Self.gzipBomb()
        let server = try await SiteServer.start { path in
            switch path {
            case "/endless/":
                return SiteServer.Reply(headers: [("Content-Type", "text/html")], body: .endless(chunkSize: 65536))
            case "/loop/": return .redirect("/loop2/")
            case "/loop2/": return .redirect("/loop/")
            case "/scheme/": return .redirect("ftp://files.example/x")
            case "/drip/":
                return SiteServer.Reply(headers: [("Content-Type", "text/html")],
                                        body: .drip(interval: .milliseconds(200), count: 100))
            case "/bomb/": return .ok(bomb, type: "text/html", headers: [("Content-Encoding", "gzip")])
            case "/good/": return .ok("<html><body><p>A calm invented page.</p></body></html>")
            default: return .notFound
            }
        }
        defer { Task { await server.stop() } }
        try await withApp { app in
            // The drip takes 20 s; a 3 s total cut must end it as truncated for time.
            let services = try app.useTestMonitoring(server: server) { $0.totalTimeout = .seconds(3) }
            var ids: [String: Int] = [:]
            for name in ["endless", "loop", "scheme", "drip", "bomb", "good"] {
                ids[name] = try await app.makeSource(.website, server.url("/\(name)/"))
            }
            // MUT: the worker queues and runs every check
            var settings = WorkerSettings()
            settings.lease = 30
            await Worker(app: app, settings: settings).run(concurrency: 3, once: true)

            // validate: every job ended done; each bad input is a capture with its reason
            let sql = try #require(app.db as? any SQLDatabase)
            let jobs = try await sql.raw("SELECT status, last_error FROM jobs").all()
            #expect(jobs.count == 6)
            for job in jobs {
                let status = try job.decode(column: "status", as: String.self)
                let error = try job.decode(column: "last_error", as: String?.self) ?? ""
                #expect(status == "done", "\(error)")
            }
            func captures(_ name: String) async throws -> [Capture] {
                try await Capture.query(on: app.db).filter(\.$sourceID == ids[name]!).sort(\.$id).all()
            }
            #expect(try await captures("endless").last?.truncated == "length")
            #expect(try await captures("drip").last?.truncated == "time")
            #expect(try await captures("bomb").last?.truncated == "decoding:compressionRatio")
            let loop = try await captures("loop")
            #expect(loop.count == 6 && loop.last?.error?.contains("redirects") == true)
            #expect(try await captures("scheme").last?.error?.contains("unsupported scheme") == true)
            let good = try #require(ids["good"])
            #expect(try await Item.query(on: app.db).filter(\.$sourceID == good).count() == 1)
            for name in ["endless", "loop", "drip", "bomb"] {
                let id = try #require(ids[name])
                let source = try #require(try await Source.find(id, on: app.db))
                #expect(source.lastCheckedAt != nil)
            }
            #expect(WARCConformance.check(directory: services.warcDirectory, options: .kaiguul).isEmpty)
        }
    }
}

/// A worker whose lease passed to another stores nothing: the captures it made stay as evidence,
/// but no item version lands twice.
@Suite(.serialized) struct LostLeaseTests {
    @Test func aCheckWhoseJobLostItsLeaseStoresNoItems() async throws {
        let server = try await SiteServer.start(PipelineTests.site(alpha: "Alpha", betaGone: false))
        defer { Task { await server.stop() } }
        try await withApp { app in
            try app.useTestMonitoring(server: server)
            let sourceID = try await app.makeSource(.website, server.url("/site/"))
            _ = try await app.write { db in
                try await JobQueue.enqueue(kind: "check_source", payload: CheckSourcePayload(sourceID: sourceID).encoded,
                                           dedupeKey: nil, on: db)
            }
            let job = try #require(try await JobQueue.claim(worker: "w1", lease: 60, maxAttempts: 3, app: app))
            // Another worker has taken the job over.
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("UPDATE jobs SET locked_by = 'w2' WHERE id = \(bind: job.id)").run()

            await #expect(throws: AppError.self) {
                _ = try await CapturePipeline.check(sourceID: sourceID, job: job, app: app)
            }
            #expect(try await Item.query(on: app.db).count() == 0)
            #expect(try await Capture.query(on: app.db).count() > 0)

            // The holder's own check stores as usual.
            try await sql.raw("UPDATE jobs SET locked_by = 'w1' WHERE id = \(bind: job.id)").run()
            let report = try await CapturePipeline.check(sourceID: sourceID, job: job, app: app)
            #expect(report.newItems == 3)
        }
    }
}
