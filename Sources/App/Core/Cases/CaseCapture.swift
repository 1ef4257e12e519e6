import Evidence
import Exchange
import Foundation
import KaiguulCore
import Monitor
import Vapor

/// Captures an address now for a case, the way `kaiguul archive` does: through the process's guarded
/// fetcher (address guard, limits, politeness) into the WARC store, the page and the images it shows.
/// Runs before the case's transaction: fetching inside it would hold a write lock for seconds; if the
/// transaction then fails, the captures stay as unattached evidence, which is harmless.
///
/// In `browser` mode the address is read in headless Chromium (its traffic, DOM and screenshots, all
/// through the guard proxy); in `video` mode yt-dlp fetches the post. Either way a capture that got
/// nothing usable is refused before anything is written, as a failed fetch is.
enum CaseCapture {
    struct Captured: Sendable {
        /// The page's final response (after redirects); in `video` mode, the post's info JSON (or
        /// the video when there is no info).
        var pageCaptureID: Int
        /// The images of that page, captured as `media` with the page as parent; in `browser` mode,
        /// the full-page screenshot; in `video` mode, the video file.
        var mediaCaptureIDs: [Int]
        var payloadSHA256: String?
        var mode: CaptureMode = .http

        var selection: EvidenceSelection { EvidenceSelection(captureIDs: [pageCaptureID] + mediaCaptureIDs) }
    }

    /// Images fetched per page at most.
    static let imageLimit = 20

    /// The address a target is fetched at: a site's home page, a URL or account page as it is.
    static func address(of target: BlockTarget) -> String? {
        switch target {
        case .domain(let name, let port): return "https://\(name)\(port.map { ":\($0)" } ?? "")/"
        case .url(let url): return url
        case .account:
            let url = target.canonical
            return url.hasPrefix("https://") || url.hasPrefix("http://") ? url : nil
        }
    }

    /// Fetches and records `url`. A fetch that got no usable response is a 422 naming `field`
    /// (`capture.failed.*`, `capture.browser.failed`, `video_failure.*`), with nothing written.
    static func capture(url: String, field: String, mode: CaptureMode = .http, app: Application) async throws
        -> Captured
    {
        switch mode {
        case .http: break
        case .browser: return try await captureInBrowser(url: url, field: field, app: app)
        case .video: return try await captureVideo(url: url, field: field, app: app)
        }
        let services = try app.monitoring
        let recorder = CaptureRecorder(source: nil, job: nil, services: services, app: app)
        let adapter = WebPageAdapter()
        let result = await services.fetcher.fetch(services.locate(url), acceptedContentTypes: adapter.acceptedContentTypes)
        // A failed fetch is refused before anything is written: the form is shown again as it was.
        guard let final = result.final, result.failure == nil, (200..<400).contains(final.status) else {
            throw AppError.captureFailed(field: field, failure: result.failure, status: result.final.map { Int($0.status) })
        }
        guard let pageID = try await recorder.record(result, role: "archive").finalCaptureID else {
            throw AppError.captureFailed(field: field)
        }
        let output = adapter.extract(AdapterInput(url: final.url, contentType: final.contentType, body: final.body))
        let imageTypes = CapturePipeline.mediaTypes.filter { $0.hasPrefix("image/") }
        var media: [Int] = []
        for image in (output.page?.mediaURLs ?? []).prefix(imageLimit) {
            let fetched = await services.fetcher.fetch(services.locate(image), acceptedContentTypes: imageTypes)
            guard let body = fetched.final, fetched.outcome == .complete, (200..<300).contains(body.status) else {
                continue
            }
            let recorded = try await recorder.record(fetched, role: "media", parentCaptureID: pageID)
            _ = try? services.blobs.put(Data(body.body))
            if let id = recorded.finalCaptureID { media.append(id) }
        }
        let sha = try await Capture.find(pageID, on: app.db)?.payloadSHA256
        return Captured(pageCaptureID: pageID, mediaCaptureIDs: media, payloadSHA256: sha)
    }

    static func captureInBrowser(url: String, field: String, app: Application) async throws -> Captured {
        let services = try app.monitoring
        let result = await services.captureInBrowser(url)
        guard let page = result.page, result.failure == nil, (200..<400).contains(page.status) else {
            app.logger.warning("browser capture of \(url.prefix(300)) failed: \(result.failure ?? "status \(result.page?.status ?? 0)")")
            throw AppError.invalid(field, "capture.browser.failed")
        }
        let recorder = CaptureRecorder(source: nil, job: nil, services: services, app: app)
        let recorded = try await recorder.record(result, role: "archive", parentCaptureID: nil)
        guard let pageID = recorded.pageCaptureID else { throw AppError.invalid(field, "capture.browser.failed") }
        let sha = try await Capture.find(pageID, on: app.db)?.payloadSHA256
        return Captured(pageCaptureID: pageID, mediaCaptureIDs: recorded.screenshotCaptureID.map { [$0] } ?? [],
                        payloadSHA256: sha, mode: .browser)
    }

    static func captureVideo(url: String, field: String, app: Application) async throws -> Captured {
        let services = try app.monitoring
        let result = await services.captureVideo(url)
        defer { if let directory = result.directory { try? FileManager.default.removeItem(at: directory) } }
        guard result.infoJSON != nil || result.video != nil else {
            app.logger.warning("video capture of \(url.prefix(300)) failed: \(CaptureRecorder.failureText(result.failure))")
            throw AppError.invalid(field, "video_failure.\((result.failure?.kind ?? .other).rawValue)")
        }
        let recorder = CaptureRecorder(source: nil, job: nil, services: services, app: app)
        let recorded = try await recorder.record(result, role: "archive", parentCaptureID: nil)
        guard let anchor = recorded.infoCaptureID ?? recorded.videoCaptureID else {
            throw AppError.invalid(field, "video_failure.other")
        }
        let video = recorded.videoSHA256 != nil ? recorded.videoCaptureID : nil
        let sha = try await Capture.find(anchor, on: app.db)?.payloadSHA256
        return Captured(pageCaptureID: anchor, mediaCaptureIDs: video.map { $0 == anchor ? [] : [$0] } ?? [],
                        payloadSHA256: sha, mode: .video)
    }

    /// "Capture the target again now": the case's target fetched (or read in a browser, or fetched as
    /// a video) and attached, with its event and audit rows. Only an analyst may; the role is checked
    /// before anything is fetched.
    static func captureTarget(
        caseID: Int, note: String, mode: CaptureMode = .http, actor: CaseStore.Actor, app: Application
    ) async throws -> Captured {
        guard let role = actor.role, CaseEvidenceStore.roles.contains(role) else { throw AppError.forbidden }
        guard let record = try await CaseRecord.find(caseID, on: app.db) else { throw AppError.notFound }
        guard let target = try? BlockTarget.parse(record.target), let url = address(of: target) else {
            throw AppError.invalid("target", "case.error.no_address")
        }
        let captured = try await capture(url: url, field: "capture", mode: mode, app: app)
        let said = mode == .http ? "Captured again" : "Captured again (\(mode.rawValue))"
        try await CaseEvidenceStore.add(captured.selection, caseID: caseID,
                                        note: note.isEmpty ? "\(said): \(url.prefix(300))" : note,
                                        actor: actor, app: app)
        return captured
    }
}
