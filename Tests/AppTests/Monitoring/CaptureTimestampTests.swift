import Crypto
import Evidence
import Foundation
import LoopbackHTTP
import Logging
import Testing
import Vapor

@testable import App

/// Trusted timestamps at collection: every closed WARC file gets RFC 3161 tokens from the
/// configured authorities (a throwaway `openssl ts` TSA here), kept beside it and carried in the
/// next file; with no authority the evidence pages say captures are not timestamped.
@Suite(.serialized) struct CaptureTimestampTests {
    static func site() -> SiteServer.Route {
        PipelineTests.site(alpha: "Invented alpha text", betaGone: false)
    }

    @Test func anArchivePackageCarriesTheTokenOfTheFileItsRecordsComeFrom() async throws {
        let pki = try TestPKI.make()
        defer { pki.remove() }
        let tsa = try await TestTSA.start(pki: pki)
        let server = try await SiteServer.start(Self.site())
        defer { Task { await server.stop(); await tsa.stop() } }
        try await withApp { app in
            // setup
            app.timestampAuthorities = TimestampAuthorities(urls: [tsa.url], trustedRootsPEM: pki.rootPEM,
                                                            timestampMinutes: 60)
            try app.useTestMonitoring(server: server)
            let out = app.kaiguul.dataDirectory.appendingPathComponent("archive.wacz")
            // MUT
            _ = try await ArchiveCommand.archive(url: server.url("/site/"), to: out, app: app)
            // validate: the package's collection token verifies for the file it names
            let report = await PackageVerifier.verify(package: out, trust: PackageTrust(trustedRootsPEM: pki.rootPEM))
            let stamps = report.checks.filter { $0.id == "timestamp" }
            #expect(!stamps.isEmpty && stamps.allSatisfy { $0.outcome == .passed }, "\(stamps)")
            #expect(report.passed, "\(report.failures)")
        }
    }

    @Test func aClosedFileCarriesATokenOpenSSLAcceptsForItAndNotForAChangedCopy() async throws {
        let pki = try TestPKI.make()
        defer { pki.remove() }
        let tsa = try await TestTSA.start(pki: pki)
        let server = try await SiteServer.start(Self.site())
        defer { Task { await server.stop(); await tsa.stop() } }
        try await withApp { app in
            // setup
            app.timestampAuthorities = TimestampAuthorities(urls: [tsa.url], trustedRootsPEM: pki.rootPEM,
                                                            timestampMinutes: 60)
            let services = try app.useTestMonitoring(server: server)
            let sourceID = try await app.makeSource(.website, server.url("/site/"))
            _ = try await CapturePipeline.check(sourceID: sourceID, job: nil, app: app)
            let first = try #require(await services.warc.currentFileName)
            let directory = services.warcDirectory

            // MUT
            await services.timestamper.closeAndStamp(within: .seconds(60))

            // validate: one token beside the file, for its whole bytes
            let kept = try #require(try WARCTimestamps.read(forWARC: first, in: directory))
            let warc = directory.appendingPathComponent(first)
            let bytes = try Data(contentsOf: warc)
            #expect(kept.sha256 == SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined())
            #expect(kept.size == UInt64(bytes.count))
            #expect(kept.tokens.map(\.tsa) == [tsa.url])
            #expect(kept.tokens.map(\.path) == ["\(first).1.tsr"])
            #expect(WARCTimestamps.tokens(forWARC: first, in: directory) == kept.tokens)
            let token = try #require(kept.tokens.first)
            let response = try token.response(in: directory)
            #expect(TestTSA.verifyWithOpenSSL(response: response, data: warc, caFile: pki.rootFile))
            var changed = bytes
            changed[changed.count / 2] ^= 0x01
            let copy = FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-changed-\(UUID()).warc.gz")
            defer { try? FileManager.default.removeItem(at: copy) }
            try changed.write(to: copy)
            #expect(!TestTSA.verifyWithOpenSSL(response: response, data: copy, caFile: pki.rootFile))

            // MUT: the next check opens the next file, which carries the token right after warcinfo
            _ = try await CapturePipeline.check(sourceID: sourceID, job: nil, app: app)
            let second = try #require(await services.warc.currentFileName)
            await services.timestamper.closeAndStamp(within: .seconds(60))

            // validate
            #expect(second != first)
            let reader = try WARCReader(url: directory.appendingPathComponent(second))
            var types: [String] = []
            var carried: [(target: String?, block: Data)] = []
            while let header = try reader.next() {
                types.append(header.typeName ?? "")
                let block = try reader.readEntireBlock(limit: 1 << 20)
                if header.contentType == "application/timestamp-reply" { carried.append((header.targetURI, block)) }
                _ = try reader.finishRecord()
            }
            #expect(Array(types.prefix(3)) == ["warcinfo", "resource", "metadata"])
            #expect(carried.count == 1)
            #expect(carried.first?.target == "urn:kaiguul:timestamp:\(first)")
            #expect(carried.first?.block == response)
            #expect(WARCTimestamps.tokens(forWARC: first, in: directory).map(\.recordedIn) == [second])
            #expect(WARCTimestamps.tokens(forWARC: second, in: directory).count == 1)
            let problems = WARCConformance.check(file: directory.appendingPathComponent(second), options: .kaiguul)
            #expect(problems.filter { $0.severity == .error }.isEmpty, "\(problems)")
            #expect(tsa.requestCount == 2)
            EvidenceSamples.keep([directory.appendingPathComponent(first), directory.appendingPathComponent(second)],
                                 prefix: "timestamped")
        }
    }

    @Test func theCapturePageShowsTheTokenOrThatItIsPending() async throws {
        let pki = try TestPKI.make()
        defer { pki.remove() }
        let tsa = try await TestTSA.start(pki: pki)
        let server = try await SiteServer.start(Self.site())
        defer { Task { await server.stop(); await tsa.stop() } }
        try await withApp { app in
            // setup
            app.timestampAuthorities = TimestampAuthorities(urls: [tsa.url], trustedRootsPEM: nil, timestampMinutes: 60)
            _ = try await CaseTeam.make(app)
            let services = try app.useTestMonitoring(server: server)
            let captured = try await CaseCapture.capture(url: server.url("/site/"), field: "capture", app: app)
            let browser = Browser(app)
            try await browser.login("analyst1", language: "en")

            // MUT
            let open = try await browser.get("/captures/\(captured.pageCaptureID)/archived")
            await services.timestamper.closeAndStamp(within: .seconds(60))
            let closed = try await browser.get("/captures/\(captured.pageCaptureID)/archived")

            // validate
            #expect(open.body.contains("id=\"timestamp-pending\""))
            #expect(!open.body.contains("id=\"timestamp-notice\""))
            #expect(closed.body.contains("id=\"timestamp-tokens\""))
            #expect(closed.body.contains("data-tsa=\"\(tsa.url)\""))
            #expect(!closed.body.contains("timestamp-pending"))
        }
    }

    @Test func withoutAnAuthorityTheEvidencePagesSayCapturesAreNotTimestamped() async throws {
        let server = try await SiteServer.start(Self.site())
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup
            let team = try await CaseTeam.make(app)
            try app.useTestMonitoring(server: server)
            let captured = try await CaseCapture.capture(url: server.url("/site/"), field: "capture", app: app)
            let caseID = try await team.open("forum.example.kg")
            let browser = Browser(app)
            try await browser.login("analyst1", language: "ru")

            // MUT
            let capturePage = try await browser.get("/captures/\(captured.pageCaptureID)/archived")
            let casePage = try await browser.get("/cases/\(caseID)")

            // validate
            let notice = Translator(language: .ru)("timestamp.not_configured")
            #expect(capturePage.status == .ok && casePage.status == .ok)
            #expect(capturePage.body.contains("id=\"timestamp-notice\""))
            #expect(capturePage.body.contains(Escape.text(notice)))
            #expect(casePage.body.contains("id=\"timestamp-notice\""))
            #expect(casePage.body.contains(Escape.text(notice)))
        }
    }

    @Test func aFileOpenLongerThanTheIntervalIsClosedAndStampedAtTheTickAndAFailureIsRetried() async throws {
        let server = try await SiteServer.start(Self.site())
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup: an authority that fails once, then answers with a placeholder token
            let services = try app.useTestMonitoring(server: server)
            let answers = StampScript()
            let start = Date()
            services.timestamper.activate(WARCTimestamper.Settings(
                stamp: { sha256 in await answers.next(sha256) }, interval: 600, tick: 86_400,
                logger: Logger(label: "test"), now: { start }))
            let sourceID = try await app.makeSource(.website, server.url("/site/"))
            _ = try await CapturePipeline.check(sourceID: sourceID, job: nil, app: app)
            let file = try #require(await services.warc.currentFileName)

            // MUT: within the interval the file stays open
            await services.timestamper.tick(now: start.addingTimeInterval(599))
            #expect(await services.warc.currentFileName == file)

            // MUT: past it, it is closed and sent; the authority fails
            await services.timestamper.tick(now: Date().addingTimeInterval(601))
            await services.timestamper.settle(within: .seconds(30))
            #expect(await services.warc.currentFileName == nil)
            #expect(await answers.asked.count == 1)
            #expect(WARCTimestamps.tokens(forWARC: file, in: services.warcDirectory).isEmpty)

            // MUT: the next tick tries again
            await services.timestamper.tick(now: Date().addingTimeInterval(1200))
            await services.timestamper.settle(within: .seconds(30))

            // validate: one whole-file token, for the file's SHA-256
            let kept = try #require(try WARCTimestamps.read(forWARC: file, in: services.warcDirectory))
            #expect(kept.tokens.count == 1)
            let bytes = try Data(contentsOf: services.warcDirectory.appendingPathComponent(file))
            let digest = Array(SHA256.hash(data: bytes))
            #expect(await answers.asked == [digest, digest])
        }
    }

    @Test func aTokenThatNeverReachedALaterFileGoesIntoTheNextProcesssFirstFile() async throws {
        let server = try await SiteServer.start(Self.site())
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup: a process stamps its file and stops before any capture opens another
            func settings(_ script: StampScript) -> WARCTimestamper.Settings {
                WARCTimestamper.Settings(stamp: { await script.next($0) }, interval: 3600, tick: 86_400,
                                         logger: Logger(label: "test"))
            }
            let before = try app.useTestMonitoring(server: server)
            before.timestamper.activate(settings(StampScript(failFirst: false)))
            let sourceID = try await app.makeSource(.website, server.url("/site/"))
            _ = try await CapturePipeline.check(sourceID: sourceID, job: nil, app: app)
            let first = try #require(await before.warc.currentFileName)
            await before.shutdown()
            #expect(WARCTimestamps.tokens(forWARC: first, in: before.warcDirectory).map(\.recordedIn) == [nil])

            // MUT: the next process
            let after = try app.useTestMonitoring(server: server)
            after.timestamper.activate(settings(StampScript(failFirst: false)))
            await after.timestamper.settle(within: .seconds(30))
            _ = try await CapturePipeline.check(sourceID: sourceID, job: nil, app: app)
            let second = try #require(await after.warc.currentFileName)
            await after.timestamper.closeAndStamp(within: .seconds(30))

            // validate
            let token = try #require(WARCTimestamps.tokens(forWARC: first, in: after.warcDirectory).first)
            #expect(token.recordedIn == second)
            let reader = try WARCReader(url: after.warcDirectory.appendingPathComponent(second))
            var carried: [Data] = []
            while let header = try reader.next() {
                let block = try reader.readEntireBlock(limit: 1 << 20)
                if header.targetURI == "urn:kaiguul:timestamp:\(first)", header.type == .resource { carried.append(block) }
                _ = try reader.finishRecord()
            }
            #expect(carried == [try token.response(in: after.warcDirectory)])
        }
    }

    @Test func stoppingTheServicesClosesAndStampsTheOpenFile() async throws {
        let pki = try TestPKI.make()
        defer { pki.remove() }
        let tsa = try await TestTSA.start(pki: pki)
        let server = try await SiteServer.start(Self.site())
        defer { Task { await server.stop(); await tsa.stop() } }
        try await withApp { app in
            // setup
            app.timestampAuthorities = TimestampAuthorities(urls: [tsa.url], trustedRootsPEM: pki.rootPEM,
                                                            timestampMinutes: 60)
            let services = try app.useTestMonitoring(server: server)
            let sourceID = try await app.makeSource(.website, server.url("/site/"))
            _ = try await CapturePipeline.check(sourceID: sourceID, job: nil, app: app)
            let file = try #require(await services.warc.currentFileName)

            // MUT: what `serve` and `worker` do when they stop
            await MonitoringServicesLifecycle().shutdownAsync(app)

            // validate
            let tokens = WARCTimestamps.tokens(forWARC: file, in: services.warcDirectory)
            #expect(tokens.count == 1)
            let response = try #require(try tokens.first?.response(in: services.warcDirectory))
            #expect(TestTSA.verifyWithOpenSSL(response: response, data: services.warcDirectory.appendingPathComponent(file),
                                              caFile: pki.rootFile))
        }
    }
}

/// A stand-in authority: no token the first time (unless told otherwise), a placeholder token after;
/// records what it was asked.
actor StampScript {
    private(set) var asked: [[UInt8]] = []
    let failFirst: Bool

    init(failFirst: Bool = true) { self.failFirst = failFirst }

    func next(_ sha256: [UInt8]) -> [StampedToken] {
        asked.append(sha256)
        guard asked.count > 1 || !failFirst else { return [] }
        return [StampedToken(tsa: "https://tsa.example.kg/", genTime: Date(), response: Data([0x30, 0x03, 0x02, 0x01, 0x00]))]
    }
}
