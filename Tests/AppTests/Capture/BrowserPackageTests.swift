import Evidence
import Fluent
import Foundation
import Testing
import Vapor

@testable import App
@testable import Monitor

/// A browser capture in an evidence package: its screenshot and DOM go in as the `resource` records
/// they are, pages.jsonl lists the page (not its scripts, XHR or screenshots) with its screenshot, and
/// a case that holds the page and its screenshot packages the whole capture.
@Suite(.serialized) struct BrowserPackageTests {
    @Test func aBrowserPagesPackageListsThePageWithItsScreenshot() async throws {
        try await withApp { app in
            // setup
            let services = try app.useRecorderTestMonitoring()
            let recorder = CaptureRecorder(source: nil, job: nil, services: services, app: app)
            // Without the redirect hop: the sample goes to check-package.py, whose replay of a page fetches it `id_`.
            var result = CaptureValues.browserPage()
            result.exchanges.removeFirst()
            result.pageIndex = 1
            result.originalEncodings = [2: "gzip"]
            let recorded = try await recorder.record(result, role: "archive", parentCaptureID: nil)
            let out = app.kaiguul.dataDirectory.appendingPathComponent("browser.wacz")

            // MUT
            let summary = try await EvidencePackage.write(captureIDs: recorded.captureIDs, to: out, app: app)

            // validate
            let temp = app.kaiguul.dataDirectory.appendingPathComponent("unzip-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
            let unzipped = try CasePackageTests.unzip(try Data(contentsOf: out), in: temp)
            let lines = try String(contentsOf: unzipped.appendingPathComponent("pages/pages.jsonl"), encoding: .utf8)
                .split(separator: "\n").dropFirst()
            let pages = try lines.map { try JSONDecoder().decode([String: String].self, from: Data($0.utf8)) }
            let page = "\(CaptureValues.site)/page"
            #expect(pages.map { $0["url"] } == [page], "the document, not its script, XHR, screenshots or DOM")
            #expect(pages.first?["screenshot"] == "urn:fullPage:\(page)")

            let notes = try #require(summary.manifest.captures)
            let shotID = try #require(recorded.screenshotCaptureID)
            let shot = try #require(notes.first { $0.id == "capture-\(shotID)" })
            #expect(shot.records == "resource,metadata" && shot.note == nil)
            #expect(notes.count == 6, "the two refusals have no records and stay out")
            let types = summary.manifest.records?.map(\.type) ?? []
            #expect(types.filter { $0 == "resource" }.count == 3)
            #expect(types.filter { $0 == "response" }.count == 3)
            let archive = unzipped.appendingPathComponent("archive")
            let warc = archive.appendingPathComponent(
                try #require(try FileManager.default.contentsOfDirectory(atPath: archive.path).first))
            let problems = WARCConformance.check(file: warc, options: .kaiguul).filter { $0.severity == .error }
            #expect(problems.isEmpty, "\(problems)")
            CasePackageSamples.keep(try Data(contentsOf: out), as: "browser-capture-package.wacz")
        }
    }

    @Test func aCaseHoldingThePageAndItsScreenshotPackagesTheWholeCapture() async throws {
        try await withApp { app in
            // setup
            let services = try app.useRecorderTestMonitoring()
            let recorder = CaptureRecorder(source: nil, job: nil, services: services, app: app)
            let recorded = try await recorder.record(CaptureValues.browserPage(), role: "archive", parentCaptureID: nil)
            let page = try #require(recorded.pageCaptureID)
            let shot = try #require(recorded.screenshotCaptureID)

            // MUT
            let fromPage = try await CasePackage.withCaptureGroups([page, shot], on: app.db)
            let fromShot = try await CasePackage.withCaptureGroups([shot], on: app.db)

            // validate: everything but the redirect hop, which hangs off the caller's parent, not the page
            let hop = try #require(try await Capture.query(on: app.db).filter(\.$url == "\(CaptureValues.site)/start").first()?.id)
            let expected = Set(recorded.captureIDs).subtracting([hop])
            #expect(fromPage == expected)
            #expect(fromShot == expected)
        }
    }

    @Test func httpCapturesAreNotGrouped() async throws {
        let server = try await SiteServer.start { path in path == "/p" ? .ok("<p>Invented.</p>") : .notFound }
        defer { Task { await server.stop() } }
        try await withApp { app in
            let services = try app.useTestMonitoring(server: server)
            let recorder = CaptureRecorder(source: nil, job: nil, services: services, app: app)
            let page = try await recorder.record(await services.fetcher.fetch(server.url("/p")), role: "archive")
            let id = try #require(page.finalCaptureID)
            _ = try await recorder.record(await services.fetcher.fetch(server.url("/p")), role: "media", parentCaptureID: id)
            #expect(try await CasePackage.withCaptureGroups([id], on: app.db) == [id])
        }
    }
}
