import Evidence
import Foundation
import KaiguulCore
import Monitor
import Vapor

/// `kaiguul archive URL --out FILE.wacz`: captures one URL now — the page and the images it
/// shows — into the evidence store (WARC, captures rows, blob store) and writes the same kind of
/// package as a case's: `warcinfo` first, then each capture's request, response and metadata.
/// `--browser` reads the page in headless Chromium instead (its traffic, the final DOM, a full-page
/// screenshot and a thumbnail); `--video` fetches a video post with yt-dlp (its info JSON, the
/// video, the thumbnail, subtitles). Both go through the guard proxy, like the fetcher's own requests.
struct ArchiveCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "url", help: "The page to capture (http or https).")
        var url: String
        @Option(name: "out", short: "o", help: "Where to write the package (FILE.wacz; must not exist).")
        var out: String?
        @Flag(name: "browser", help: "read the page in headless Chromium: its traffic, DOM and screenshots")
        var browser: Bool
        @Flag(name: "video", help: "fetch a video post with yt-dlp: info, video, thumbnail, subtitles")
        var video: Bool
    }

    var help: String {
        "Captures one URL now (page and images; --browser: as Chromium shows it; --video: a video post) "
            + "and writes a WACZ evidence package."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        guard let out = signature.out, !out.isEmpty else {
            throw Abort(.badRequest, reason: "--out FILE.wacz is required")
        }
        guard !(signature.browser && signature.video) else {
            throw Abort(.badRequest, reason: "--browser and --video cannot be used together")
        }
        let mode: CaptureMode = signature.browser ? .browser : signature.video ? .video : .http
        let destination = URL(
            fileURLWithPath: out, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        )
        .standardizedFileURL
        let result = try await Self.archive(url: signature.url, to: destination, mode: mode, app: app)
        // The package's hash is the command's data; what happened goes to the log (stderr).
        let what: String
        switch mode {
        case .http: what = "\(result.captureIDs.count) responses (\(result.images) images)"
        case .browser:
            what = "\(result.captureIDs.count) records and rows in a browser"
                + (result.screenshotSHA256.map { ", screenshot sha256 \($0)" } ?? ", no screenshot")
        case .video:
            what = "\(result.captureIDs.count) records and rows of a video post"
                + (result.videoSHA256.map { ", video sha256 \($0)" } ?? "")
        }
        for note in result.notes { FileHandle.standardError.write(Data("\(note)\n".utf8)) }
        FileHandle.standardError.write(Data("captured \(what); package \(destination.path)\n".utf8))
        FileHandle.standardOutput.write(Data("\(result.summary.sha256)  \(destination.path)\n".utf8))
    }

    struct Result: Sendable {
        var captureIDs: [Int]
        var images: Int
        var summary: WACZSummary
        var package: PackageSummary
        var screenshotSHA256: String? = nil
        var videoSHA256: String? = nil
        /// What the capture left out (refusals, limits, a video not fetched), for the log.
        var notes: [String] = []
    }

    static func archive(url: String, to destination: URL, mode: CaptureMode = .http, app: Application) async throws
        -> Result
    {
        let services = try app.monitoring
        let recorder = CaptureRecorder(source: nil, job: nil, services: services, app: app)
        switch mode {
        case .http: break
        case .browser: return try await archiveInBrowser(url: url, to: destination, recorder: recorder, app: app)
        case .video: return try await archiveVideo(url: url, to: destination, recorder: recorder, app: app)
        }
        let adapter = WebPageAdapter()
        let result = await services.fetcher.fetch(
            services.locate(url), acceptedContentTypes: adapter.acceptedContentTypes)
        let page = try await recorder.record(result, role: "archive")
        guard let final = result.final, result.failure == nil else {
            throw Abort(
                .badGateway,
                reason: "could not capture \(url.prefix(300)): \(result.failure?.description ?? "no response")")
        }
        let output = adapter.extract(AdapterInput(url: final.url, contentType: final.contentType, body: final.body))
        let imageTypes = CapturePipeline.mediaTypes.filter { $0.hasPrefix("image/") }
        var images = 0
        for image in (output.page?.mediaURLs ?? []).prefix(100) {
            let fetched = await services.fetcher.fetch(services.locate(image), acceptedContentTypes: imageTypes)
            _ = try await recorder.record(fetched, role: "media", parentCaptureID: page.finalCaptureID)
            if let body = fetched.final, fetched.outcome == .complete, (200..<300).contains(body.status) {
                _ = try? services.blobs.put(Data(body.body))
                images += 1
            }
        }
        let ids = await recorder.captureIDs
        let package = try await package(ids, of: url, to: destination, app: app)
        return Result(captureIDs: ids, images: images, summary: package.wacz, package: package)
    }

    static func archiveInBrowser(url: String, to destination: URL, recorder: CaptureRecorder, app: Application)
        async throws -> Result
    {
        let services = try app.monitoring
        let result = await services.captureInBrowser(url)
        let recorded = try await recorder.record(result, role: "archive", parentCaptureID: nil)
        guard recorded.pageCaptureID != nil, result.failure == nil else {
            throw Abort(
                .badGateway,
                reason: "could not capture \(url.prefix(300)) in a browser: \(result.failure ?? "no document loaded")")
        }
        var notes = result.limitsReached.map { "limit reached: \($0)" }
        notes += result.refusals.prefix(20).map { "refused by the address guard: \(CaptureRecorder.refusalText($0))" }
        notes += result.failures.prefix(20).map { "no response: \($0.url.prefix(300)) \($0.reason.prefix(200))" }
        let images = result.exchanges.enumerated().filter { index, exchange in
            index != result.pageIndex && (200..<300).contains(exchange.status)
                && (exchange.contentType ?? "").lowercased().hasPrefix("image/")
        }.count
        let ids = await recorder.captureIDs
        let package = try await package(ids, of: url, to: destination, app: app)
        return Result(
            captureIDs: ids, images: images, summary: package.wacz, package: package,
            screenshotSHA256: recorded.screenshotSHA256, notes: notes)
    }

    static func archiveVideo(url: String, to destination: URL, recorder: CaptureRecorder, app: Application)
        async throws -> Result
    {
        let services = try app.monitoring
        let result = await services.captureVideo(url)
        defer { if let directory = result.directory { try? FileManager.default.removeItem(at: directory) } }
        let recorded = try await recorder.record(result, role: "archive", parentCaptureID: nil)
        guard recorded.infoCaptureID != nil || recorded.videoSHA256 != nil else {
            throw Abort(
                .badGateway,
                reason: "could not capture the video \(url.prefix(300)): \(CaptureRecorder.failureText(result.failure))")
        }
        var notes = result.refusals.prefix(20).map { "refused by the address guard: \(CaptureRecorder.refusalText($0))" }
        if recorded.videoSHA256 == nil { notes.append("video not fetched: \(CaptureRecorder.failureText(result.failure))") }
        let ids = await recorder.captureIDs
        let package = try await package(ids, of: url, to: destination, app: app)
        return Result(
            captureIDs: ids, images: recorded.thumbnailSHA256 == nil ? 0 : 1, summary: package.wacz, package: package,
            videoSHA256: recorded.videoSHA256, notes: notes)
    }

    /// The capture's WARC file is closed (and stamped, when a TSA is configured) first, so the
    /// package carries the token of the file its records come from.
    private static func package(_ ids: [Int], of url: String, to destination: URL, app: Application) async throws
        -> PackageSummary
    {
        let services = try app.monitoring
        await services.timestamper.closeAndStamp(within: .seconds(30))
        return try await EvidencePackage.write(
            captureIDs: ids, to: destination, title: "Kaiguul archive of \(url.prefix(200))", actor: .commandLine,
            app: app)
    }
}
