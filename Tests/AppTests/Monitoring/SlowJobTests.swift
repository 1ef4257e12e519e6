import Detection
import Evidence
import Fluent
import KaiguulCore
import Foundation
import MediaMatch
import Monitor
import SQLKit
import Synchronization
import Testing
import Vapor

@testable import App

/// OCR, video frames and training as jobs of their own: the check leaves them to the queue, the
/// OCR job adds its signals later and only once, and a worker's slow slots never take a check's place.
@Suite struct SlowJobTests {
    static let photo = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/fixtures/pdq/images/bridge-1-original.jpg").standardizedFileURL

    /// A stand-in for tesseract: lists the languages, "reads" an invented slogan naming the
    /// organisation, and counts its readings in a file beside it.
    static func fakeTesseract(in folder: URL) throws -> (tool: URL, runs: URL) {
        let tool = folder.appendingPathComponent("tesseract")
        let runs = folder.appendingPathComponent("runs")
        try """
            #!/bin/sh
            if [ "$1" = "--list-langs" ]; then printf 'List of available languages (2):\\nkir\\nrus\\n'; exit 0; fi
            echo run >> '\(runs.path)'
            echo 'Кара Туман биригип баарыбыз күрөшөбүз жолго чыккыла урматтуу бир туугандар'
            """.write(to: tool, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tool.path)
        return (tool, runs)
    }

    static func runs(_ file: URL) -> Int {
        ((try? String(contentsOf: file, encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    struct Signal: Decodable { var item_id: Int; var kind: String; var details: String }

    static func signals(_ app: Application) async throws -> [Signal] {
        try await (app.db as! any SQLDatabase).raw("SELECT item_id, kind, details FROM signals ORDER BY id")
            .all(decoding: Signal.self)
    }

    /// Pages showing one image, an organisation with an indicator, and the worker's pipeline
    /// (slow work queued) with the stand-in tesseract.
    static func setUp(_ app: Application, server: SiteServer, tesseract: URL) async throws -> Int {
        let org = try await OrganizationStore.create(
            try OrganizationInput.validate(.init(name_ky: "Кара Туман Бирлиги", designation: "extremist")),
            actor: .commandLine, app: app)
        let report = RegistryImport.indicators(from: Data("organization,indicator,language,mode,weight\n\(org),кара туман,ky,phrase,3\n".utf8))
        _ = try await RegistryImportStore.importIndicators(report.records, actor: .commandLine, app: app)
        let services = try app.useTestMonitoring(server: server)
        let context = AnalysisContext(app: app)
        app.useMonitoring(try MonitoringServices(
            fetcher: services.fetcher, warcDirectory: services.warcDirectory, blobs: services.blobs, limits: services.limits,
            analyzers: [TextItemAnalyzer(context: context),
                        MediaItemAnalyzer(context: context, blobs: services.blobs,
                                          textExtractor: TextExtractor(tesseract: tesseract.path), queuesSlowWork: true)],
            locate: server.locate, collector: "kaiguul-test"))
        return org
    }

    static func site() async throws -> SiteServer {
        let photo = [UInt8](try Data(contentsOf: Self.photo))
        // Two pages show the same poster: one OCR job names both items.
        let page: @Sendable (Int) -> String = { n in """
            <html><head><title>Invented bulletin \(n)</title></head><body><article><h1>Invented bulletin \(n)</h1>
            <p>A fictional civic forum posts its weekly notes about parks and bus timetables, number \(n).</p>
            <img src="/img/poster.jpg" alt="poster"></article></body></html>
            """ }
        return try await SiteServer.start { path in
            if path == "/img/poster.jpg" { return .ok(photo, type: "image/jpeg") }
            if path == "/site/" {
                return .ok("<html><body><a href=\"/site/a\">a</a> <a href=\"/site/b\">b</a>" + page(0).dropFirst(6))
            }
            if path == "/site/a" { return .ok(page(1)) }
            if path == "/site/b" { return .ok(page(2)) }
            return .notFound
        }
    }

    @Test func theCheckQueuesOCRAndTheJobAddsItsSignalsOnce() async throws {
        let server = try await Self.site()
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup
            let folder = app.kaiguul.dataDirectory.appendingPathComponent("fake-ocr")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let (tool, runs) = try Self.fakeTesseract(in: folder)
            let org = try await Self.setUp(app, server: server, tesseract: tool)
            let sourceID = try await app.makeSource(.website, server.url("/site/"))

            // MUT: the check stores its items and leaves the image to a job
            let report = try await CapturePipeline.check(sourceID: sourceID, job: nil, app: app)

            // validate: nothing read yet, one ocr_image job naming every item that showed the poster
            #expect(report.newItems == 3)
            #expect(Self.runs(runs) == 0)
            #expect(try await Self.signals(app).contains { $0.kind.hasPrefix("ocr_") } == false)
            let items = try await Item.query(on: app.db).filter(\.$sourceID == sourceID).all()
            #expect(items.count == 3)
            let sql = try #require(app.db as? any SQLDatabase)
            struct Triage: Decodable { var triage_score: Int? }
            // The page texts name nothing: no item is in the triage queue before the OCR job.
            #expect(try await sql.raw("SELECT triage_score FROM items").all(decoding: Triage.self)
                .allSatisfy { $0.triage_score == nil })
            struct JobRow: Decodable { var id: Int; var kind: String; var payload: String; var status: String }
            let jobs = try await sql.raw("SELECT id, kind, payload, status FROM jobs").all(decoding: JobRow.self)
            let ocrJobs = jobs.filter { $0.kind == OCRImageJob.kind }
            #expect(ocrJobs.count == 1)
            let payload = try SlowMediaWork.Payload.decode(try #require(ocrJobs.first).payload)
            #expect(Set(payload.item_ids) == Set(items.compactMap(\.id)))

            // MUT: a worker runs it
            var settings = WorkerSettings()
            settings.lease = 30
            await Worker(app: app, settings: settings).run(concurrency: 1, once: true)

            // validate: one reading, an ocr_indicator signal naming the image on each item, items in the queue
            #expect(Self.runs(runs) == 1)
            let ocr = try await Self.signals(app).filter { $0.kind.hasPrefix("ocr_") }
            let indicator = ocr.filter { $0.kind == "ocr_indicator" }
            #expect(Set(indicator.map(\.item_id)) == Set(payload.item_ids))
            #expect(indicator.allSatisfy { $0.details.contains("\"media_sha256\":\"\(payload.media_sha256)\"") })
            #expect(indicator.allSatisfy { $0.details.contains("\"organizationID\":\"\(org)\"") })
            let after = try await sql.raw("SELECT triage_score FROM items").all(decoding: Triage.self)
            #expect(after.count == 3 && after.allSatisfy { $0.triage_score != nil })
            #expect(try await sql.raw("SELECT status FROM jobs WHERE id = \(bind: ocrJobs[0].id)")
                .first(decoding: [String: String].self)?["status"] == "done")

            // MUT: the same work again, as a retry after a run that stored and died before `done`
            let retry = try #require(try await app.write { db in
                try await JobQueue.enqueue(kind: OCRImageJob.kind, payload: ocrJobs[0].payload, dedupeKey: nil, on: db)
            })
            await Worker(app: app, settings: settings).run(concurrency: 1, once: true)

            // validate: read again, nothing stored twice
            #expect(Self.runs(runs) == 2)
            #expect(try await Self.signals(app).filter { $0.kind.hasPrefix("ocr_") }.count == ocr.count)
            #expect(try await sql.raw("SELECT status FROM jobs WHERE id = \(bind: retry)")
                .first(decoding: [String: String].self)?["status"] == "done")
        }
    }

    @Test func aWorkerThatLostTheOCRLeaseStoresNothing() async throws {
        let server = try await Self.site()
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup
            let folder = app.kaiguul.dataDirectory.appendingPathComponent("fake-ocr")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let (tool, _) = try Self.fakeTesseract(in: folder)
            _ = try await Self.setUp(app, server: server, tesseract: tool)
            let sourceID = try await app.makeSource(.website, server.url("/site/"))
            _ = try await CapturePipeline.check(sourceID: sourceID, job: nil, app: app)
            let only = JobQueue.KindFilter.only([OCRImageJob.kind])
            let first = try #require(try await JobQueue.claim(worker: "a", lease: 60, maxAttempts: 5, kinds: only, app: app))
            try await (app.db as! any SQLDatabase).raw("""
                UPDATE jobs SET locked_until = \(bind: Date().addingTimeInterval(-1)) WHERE id = \(bind: first.id)
                """).run()
            let second = try #require(try await JobQueue.claim(worker: "b", lease: 60, maxAttempts: 5, kinds: only, app: app))
            #expect(second.id == first.id && second.attempt == 2)

            // MUT: the old holder finishes its reading late
            await #expect(throws: AppError.self) { try await OCRImageJob.run(first, app: app) }

            // validate: nothing stored by it; the holder stores
            #expect(try await Self.signals(app).contains { $0.kind.hasPrefix("ocr_") } == false)
            try await OCRImageJob.run(second, app: app)
            #expect(try await Self.signals(app).contains { $0.kind == "ocr_indicator" })
        }
    }

    @Test func slowKindsHaveTheirOwnSlotsAndLeases() async throws {
        // Settings from the environment: a kind's slots and lease; 0 leaves the kind to others.
        let settings = WorkerSettings.fromEnvironment([
            "KAIGUUL_JOB_OCR_IMAGE_CONCURRENCY": "2", "KAIGUUL_JOB_OCR_IMAGE_LEASE_SECONDS": "45",
            "KAIGUUL_JOB_VIDEO_HASH_CONCURRENCY": "0",
        ])
        #expect(settings.slow[OCRImageJob.kind] == SlowJobKinds.Setting(concurrency: 2, lease: 45))
        #expect(settings.lease(for: OCRImageJob.kind) == 45)
        #expect(settings.lease(for: JobQueue.Kind.checkSource) == settings.lease)
        try await withApp { app in
            let worker = Worker(app: app, settings: settings)
            let slots = worker.slots(concurrency: 3)
            #expect(slots.filter { !$0.kinds.isOnly }.count == 3)
            #expect(slots.filter { $0.kinds == .only([OCRImageJob.kind]) }.count == 2)
            #expect(slots.filter { $0.kinds == .only([VideoHashJob.kind]) }.isEmpty)
            #expect(slots.filter { $0.kinds == .only([ClassifierTrainJob.kind]) }.count == 1)

            // A general slot never claims a slow kind; a slow slot only its own, with its own lease.
            for kind in [OCRImageJob.kind, OCRImageJob.kind, "test"] {
                _ = try await app.write { db in try await JobQueue.enqueue(kind: kind, payload: "{}", dedupeKey: nil, on: db) }
            }
            let general = JobQueue.KindFilter.except(settings.slow.keys.sorted())
            let a = try await JobQueue.claim(worker: "g", lease: 30, maxAttempts: 5, kinds: general,
                                             leases: settings.leases, app: app)
            #expect(a?.kind == "test")
            #expect(try await JobQueue.claim(worker: "g", lease: 30, maxAttempts: 5, kinds: general,
                                             leases: settings.leases, app: app) == nil)
            let ocr = try #require(try await JobQueue.claim(worker: "o", lease: 30, maxAttempts: 5,
                                                            kinds: .only([OCRImageJob.kind]), leases: settings.leases, app: app))
            #expect(ocr.kind == OCRImageJob.kind)
            struct Lease: Decodable { var locked_until: Date }
            let until = try #require(try await (app.db as! any SQLDatabase)
                .raw("SELECT locked_until FROM jobs WHERE id = \(bind: ocr.id)").first(decoding: Lease.self)).locked_until
            #expect(abs(until.timeIntervalSinceNow - 45) < 10)
        }
    }

    @Test func aSlowJobNeverHoldsTheCheckSlot() async throws {
        try await withApp { app in
            // setup: an OCR job that reads until released, and checks queued behind it
            let released = Mutex(false)
            let checksRun = Mutex(0)
            let handlers: [String: JobHandler] = [
                OCRImageJob.kind: { _, _ in
                    while !released.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(20)) }
                },
                "test": { _, _ in checksRun.withLock { $0 += 1 } },
            ]
            _ = try await app.write { db in
                try await JobQueue.enqueue(kind: OCRImageJob.kind, payload: "{}", dedupeKey: nil, runAt: Date().addingTimeInterval(-60), on: db)
            }
            for n in 0..<5 {
                _ = try await app.write { db in try await JobQueue.enqueue(kind: "test", payload: "\(n)", dedupeKey: nil, on: db) }
            }
            var settings = WorkerSettings()
            settings.lease = 30
            settings.pollInterval = 0.05
            let worker = Worker(app: app, settings: settings, handlers: handlers)

            // MUT: one general slot, one OCR slot; the OCR job is the oldest and never ends by itself
            let running = Task { await worker.run(concurrency: 1, once: false) }
            var waited = 0
            while checksRun.withLock({ $0 }) < 5 && waited < 400 {
                try await Task.sleep(for: .milliseconds(50))
                waited += 1
            }

            // validate: every check ran while the OCR job still held its slot
            #expect(checksRun.withLock { $0 } == 5)
            struct Row: Decodable { var kind: String; var status: String }
            let rows = try await (app.db as! any SQLDatabase).raw("SELECT kind, status FROM jobs").all(decoding: Row.self)
            #expect(rows.first { $0.kind == OCRImageJob.kind }?.status == "running")
            released.withLock { $0 = true }
            running.cancel()
            await running.value
        }
    }

    /// A clip banked by one frame's PDQ hash: the check stores the video's item and queues
    /// `video_hash`; the job finds the frame, names the second and puts the item in the queue.
    @Test func theVideoJobMatchesFramesAfterTheCheck() async throws {
        let server = try await SiteServer.start { _ in .notFound }
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup
            let folder = app.kaiguul.dataDirectory.appendingPathComponent("clip-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let clip = folder.appendingPathComponent("clip.mp4")
            let ffmpeg = Process()
            ffmpeg.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            ffmpeg.arguments = ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=duration=3:size=320x240:rate=10",
                                "-pix_fmt", "yuv420p", "-y", clip.path]
            try ffmpeg.run()
            ffmpeg.waitUntilExit()
            try #require(ffmpeg.terminationStatus == 0, "ffmpeg made no clip")
            let banked = try #require(try VideoHasher().hash(fileAt: clip).first { $0.quality >= 50 })
            _ = try await MediaBankStore.importFingerprints(
                [try MediaFingerprint(kind: .pdq, value: banked.hash.hex, label: "invented banned clip")], materialID: nil,
                title: "Invented clips", dryRun: false, actor: .commandLine, app: app)
            let folderTool = app.kaiguul.dataDirectory.appendingPathComponent("fake-ocr")
            try FileManager.default.createDirectory(at: folderTool, withIntermediateDirectories: true)
            _ = try await Self.setUp(app, server: server, tesseract: try Self.fakeTesseract(in: folderTool).tool)
            let input = try SourceInput.validate(SourceInput.Raw(
                kind: "website", address: "http://kaiguul-test.example/clip", check_interval_minutes: "60",
                status: "active", capture_mode: CaptureMode.video.rawValue))
            let sourceID = try await SourceStore.create(input, origin: .analyst, actor: .commandLine, app: app)
            let clipBytes = try Data(contentsOf: clip)
            let video: @Sendable (String) async -> VideoCaptureResult = { url in
                var result = VideoCaptureResult(requestedURL: url, started: Date())
                let directory = folder.appendingPathComponent("ytdlp")
                try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                let file = directory.appendingPathComponent("video.mp4")
                try? clipBytes.write(to: file)
                var info = VideoInfo(id: "clip", extractor: "Generic")
                info.title = "Invented clip page"
                info.webpageURL = url
                result.info = info
                result.infoJSON = Array(#"{"id":"clip","extractor_key":"Generic","title":"Invented clip page"}"#.utf8)
                result.video = VideoFile(file: file, sourceURL: "http://kaiguul-test.example/clip.mp4",
                                         mediaType: "video/mp4", size: clipBytes.count)
                result.directory = directory
                return result
            }
            let list: @Sendable (String, Int) async -> Result<[VideoInfo], VideoFailure> = { _, _ in
                .failure(VideoFailure(kind: .unsupported, message: "ERROR: Unsupported URL"))
            }

            // MUT: the check
            _ = try await CapturePipeline.Tools.$listVideos.withValue(list) {
                try await CapturePipeline.Tools.$video.withValue(video) {
                    try await CapturePipeline.check(sourceID: sourceID, job: nil, app: app)
                }
            }

            // validate: no frame read yet, one video_hash job
            let item = try #require(try await Item.query(on: app.db).filter(\.$sourceID == sourceID).first())
            #expect(try await Self.signals(app).contains { $0.kind == "pdq" } == false)
            let sql = try #require(app.db as? any SQLDatabase)
            struct JobRow: Decodable { var kind: String; var payload: String }
            let jobs = try await sql.raw("SELECT kind, payload FROM jobs WHERE kind = \(bind: VideoHashJob.kind)")
                .all(decoding: JobRow.self)
            #expect(jobs.count == 1)
            #expect(try SlowMediaWork.Payload.decode(try #require(jobs.first).payload).item_ids == [item.id ?? 0])

            // MUT: the worker runs it, twice as after a retry
            var settings = WorkerSettings()
            settings.lease = 60
            await Worker(app: app, settings: settings).run(concurrency: 1, once: true)
            _ = try await app.write { db in
                try await JobQueue.enqueue(kind: VideoHashJob.kind, payload: jobs[0].payload, dedupeKey: nil, on: db)
            }
            await Worker(app: app, settings: settings).run(concurrency: 1, once: true)

            // validate: the frame's match, once, naming the second; the item in the queue with it
            let pdq = try await Self.signals(app).filter { $0.kind == "pdq" && $0.item_id == item.id }
            #expect(pdq.count == 1)
            #expect(pdq.first?.details.contains("\"banked\":\"\(banked.hash.hex)\"") == true)
            #expect(pdq.first?.details.contains("\"second\":") == true)
            struct Triage: Decodable { var triage_score: Int? }
            let score = try await sql.raw("SELECT triage_score FROM items WHERE id = \(bind: item.id ?? 0)")
                .first(decoding: Triage.self)?.triage_score
            #expect((score ?? 0) > 0)
            let triage = try await Self.signals(app).filter { $0.kind == "triage" && $0.item_id == item.id }
            #expect(triage.count == 1)
            #expect(triage.first?.details.contains("\"media\":") == true)
        }
    }

    @Test func classifierTrainingIsQueuedOnceAndFailsClearlyWithoutDecisions() async throws {
        try await withApp { app in
            let first = try await ClassifierTrainJob.enqueue(app: app)
            #expect(first != nil)
            #expect(try await ClassifierTrainJob.enqueue(app: app) == nil)
            var settings = WorkerSettings()
            settings.lease = 30
            await Worker(app: app, settings: settings).run(concurrency: 1, once: true)
            struct Row: Decodable { var status: String; var last_error: String? }
            let row = try #require(try await (app.db as! any SQLDatabase)
                .raw("SELECT status, last_error FROM jobs WHERE id = \(bind: first ?? 0)").first(decoding: Row.self))
            #expect(row.status == "failed")
            #expect(row.last_error?.contains("two different labels") == true)
            #expect(!FileManager.default.fileExists(atPath: AnalyzerFactory.classifierURL(app.kaiguul).path))
            // Once that one has ended, another can be queued.
            #expect(try await ClassifierTrainJob.enqueue(app: app) != nil)
        }
    }
}
