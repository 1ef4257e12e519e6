import Foundation
import KaiguulCore
import Monitor

/// A `browser` source's check: every page is loaded by headless Chromium through the guard proxy
/// (`MonitoringServices.captureInBrowser`), recorded with its traffic, DOM and screenshots, and
/// read by the same adapter from the final DOM — the text a reader saw, including what scripts
/// built. The full-page screenshot becomes media of the page's items, so the media analysis hashes
/// (PDQ) and reads (OCR) it like any image.
extension CapturePipeline {
    /// Where the outside tools come from; tests put stand-ins here (a task-local, so parallel tests
    /// do not see each other's).
    enum Tools {
        @TaskLocal static var browser: (@Sendable (String) async -> BrowserCaptureResult)?
        @TaskLocal static var video: (@Sendable (String) async -> VideoCaptureResult)?
        @TaskLocal static var listVideos: (@Sendable (String, Int) async -> Result<[VideoInfo], VideoFailure>)?
    }

    /// Pages loaded in the browser at the same time. Each holds a browser context and its renderer
    /// (hundreds of MB for a heavy page), so fewer than the fetcher's crawl width.
    static let browserConcurrency = 2

    struct BrowserPages: Sendable {
        var pages: [Page]
        /// The full-page screenshot of each page that has one, by page index, as media of its items.
        var screenshots: [Int: StoredMedia]
    }

    static func browserPages(first: String, kind: SourceKind, adapter: any SourceAdapter,
                             services: MonitoringServices, recorder: CaptureRecorder) async throws -> BrowserPages {
        let capture: @Sendable (String) async -> BrowserCaptureResult = Tools.browser ?? { url in
            await services.captureInBrowser(url)
        }
        let crawlSite = kind == .website && adapter.name == "web"
        let window = CrawlWindow(
            first: first, site: crawlSite ? SameSite(first) : nil,
            maxPages: crawlSite ? services.limits.sitePages : services.limits.channelPages + 1,
            width: crawlSite ? max(1, min(browserConcurrency, services.limits.crawlConcurrency)) : 1)
        var result = BrowserPages(pages: [], screenshots: [:])
        try await window.run(load: { url, index in
            try await browserPage(url, index: index, adapter: adapter, capture: capture, services: services,
                                  recorder: recorder)
        }, output: { $0.0.output }, receive: { loaded, _ in
            let (page, screenshot) = loaded
            result.pages.append(page)
            if let screenshot { result.screenshots[page.index] = screenshot }
        })
        result.pages.sort { $0.index < $1.index }
        return result
    }

    /// One page: loaded, recorded (rows inserted at once: the browser's records are few and large), read.
    static func browserPage(_ url: String, index: Int, adapter: any SourceAdapter,
                            capture: @Sendable (String) async -> BrowserCaptureResult, services: MonitoringServices,
                            recorder: CaptureRecorder) async throws -> (Page, StoredMedia?) {
        let result = await capture(services.locate(url))
        let recorded = try await recorder.record(result, role: "page", parentCaptureID: nil)
        let status = result.page?.status
        var page = Page(url: url, captureID: recorded.pageCaptureID ?? recorded.captureIDs.first, status: status,
                        complete: false, output: nil, index: index)
        if let dom = result.dom, result.failure == nil, let status, (200..<300).contains(status) {
            // A DOM cut at the byte limit is not the whole page: its absent items are not gone.
            page.complete = !result.limitsReached.contains("bytes")
            page.output = adapter.extract(AdapterInput(url: url, contentType: "text/html; charset=utf-8", body: dom,
                                                       pageIndex: index))
        }
        var screenshot: StoredMedia?
        if let sha = recorded.screenshotSHA256, let shot = result.screenshot {
            screenshot = StoredMedia(url: "urn:fullPage:\(result.page?.url ?? result.finalURL ?? result.requestedURL)",
                                     sha256: sha, size: shot.png.count, contentType: "image/png",
                                     captureID: recorded.screenshotCaptureID)
        }
        return (page, screenshot)
    }

    /// Adds each page's screenshot to the media of the items read from it (first, so it is the item's
    /// first picture), for the analysis and the item's record.
    static func addScreenshots(_ screenshots: [Int: StoredMedia], to media: inout [String: [StoredMedia]],
                               changes: [ChangeDetector.Change], pageOf: [String: Page]) {
        guard !screenshots.isEmpty else { return }
        for change in changes {
            let (key, _) = change.keyAndItem
            guard let index = pageOf[key]?.index, let shot = screenshots[index] else { continue }
            media[key, default: []].insert(shot, at: 0)
        }
    }
}
