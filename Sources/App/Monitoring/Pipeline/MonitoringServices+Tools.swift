import Foundation
import KaiguulCore
import Monitor

/// The outside tools of browser and video capture, made once per process with the services: one
/// headless Chromium, launched on first use and again when it died (a crashed browser fails one
/// capture, not the next), and yt-dlp. Neither reaches the network but through a `GuardProxy` over
/// the services' fetcher (its address guard, politeness and upstream proxy), one per capture, so the
/// refusals a capture reports are its own.
actor CaptureTools {
    private(set) var browserConfiguration: BrowserConfiguration
    private(set) var browserLimits: BrowserCaptureLimits
    private(set) var videoConfiguration: VideoConfiguration
    private var browser: ChromiumBrowser?
    /// A launch in progress: captures that arrive meanwhile wait for the same browser.
    private var launching: Task<ChromiumBrowser, any Error>?
    private var isShutDown = false

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        browserConfiguration = .fromEnvironment(environment)
        browserLimits = .fromEnvironment(environment)
        videoConfiguration = .fromEnvironment(environment)
    }

    /// Replaces the settings (tests: a short page time, a yt-dlp of their own). A running browser
    /// started with other settings is closed, and the next capture launches one with these.
    func configure(browser: BrowserConfiguration? = nil, limits: BrowserCaptureLimits? = nil,
                   video: VideoConfiguration? = nil) async
    {
        if let limits { browserLimits = limits }
        if let video { videoConfiguration = video }
        if let browser, browser != browserConfiguration {
            browserConfiguration = browser
            await closeBrowser()
        }
    }

    /// The running browser, launched when there is none or the last one died.
    func runningBrowser() async throws -> ChromiumBrowser {
        if isShutDown { throw ToolsStopped() }
        if let browser, browser.isRunning { return browser }
        if let browser {
            self.browser = nil
            await browser.close()
        }
        if let launching { return try await launching.value }
        let configuration = browserConfiguration
        let task = Task { try await ChromiumBrowser.launch(configuration) }
        launching = task
        defer { launching = nil }
        let launched = try await task.value
        if isShutDown {
            await launched.close()
            throw ToolsStopped()
        }
        browser = launched
        return launched
    }

    func closeBrowser() async {
        let current = browser
        browser = nil
        await current?.close()
    }

    func shutdown() async {
        isShutDown = true
        if let launching, let launched = try? await launching.value { await launched.close() }
        await closeBrowser()
    }

    struct ToolsStopped: Error, CustomStringConvertible {
        var description: String { "the capture tools are shut down" }
    }
}

extension MonitoringServices {
    /// Reads `url` (after `locate`) in the shared headless Chromium through a guard proxy of its own.
    /// Never throws: a browser that cannot start, a proxy that cannot bind, a dead browser, are the
    /// result's `failure`; a browser found dead after the capture is closed, so the next one relaunches.
    func captureInBrowser(_ url: String) async -> BrowserCaptureResult {
        let started = Date()
        let target = locate(url)
        let browser: ChromiumBrowser
        do {
            browser = try await tools.runningBrowser()
        } catch {
            var result = BrowserCaptureResult(requestedURL: target, started: started, browserVersion: "Chromium/unknown")
            result.failure = "the browser could not be started: \(String(describing: error).prefix(500))"
            return result
        }
        let proxy: GuardProxy
        do {
            proxy = try await GuardProxy.start(fetcher: fetcher)
        } catch {
            var result = BrowserCaptureResult(requestedURL: target, started: started, browserVersion: browser.version)
            result.failure = "the guard proxy could not be started: \(String(describing: error).prefix(500))"
            return result
        }
        var result = await browser.capture(target, through: proxy, limits: await tools.browserLimits)
        await proxy.stop()
        // Everything the guard refused belongs in the evidence, including what came after the browser's own list.
        let refused = proxy.refusals()
        if refused.count > result.refusals.count { result.refusals = refused }
        if !browser.isRunning { await tools.closeBrowser() }
        return result
    }

    /// Fetches a video post (after `locate`) with yt-dlp through a guard proxy of its own, into a new
    /// folder under the data directory. The caller writes what it wants and removes `result.directory`.
    func captureVideo(_ url: String) async -> VideoCaptureResult {
        let started = Date()
        let target = locate(url)
        let directory = videoWorkDirectory.appendingPathComponent("video-\(UUID().uuidString.lowercased())")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            var result = VideoCaptureResult(requestedURL: target, started: started)
            result.failure = VideoFailure(kind: .other, message: "no working folder: \(String(describing: error).prefix(300))")
            return result
        }
        let proxy: GuardProxy
        do {
            proxy = try await GuardProxy.start(fetcher: fetcher)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            var result = VideoCaptureResult(requestedURL: target, started: started)
            result.failure = VideoFailure(
                kind: .other, message: "the guard proxy could not be started: \(String(describing: error).prefix(300))")
            return result
        }
        var result = await Self.videoCapture(target, through: proxy, into: directory, configuration: await tools.videoConfiguration)
        await proxy.stop()
        let refused = proxy.refusals()
        if refused.count > result.refusals.count { result.refusals = refused }
        if result.directory == nil { result.directory = directory }
        return result
    }

    /// The newest posts of a video channel (after `locate`), as yt-dlp lists them through a guard proxy.
    func listVideos(_ channelURL: String, limit: Int) async -> Result<[VideoInfo], VideoFailure> {
        let proxy: GuardProxy
        do {
            proxy = try await GuardProxy.start(fetcher: fetcher)
        } catch {
            return .failure(VideoFailure(
                kind: .other, message: "the guard proxy could not be started: \(String(describing: error).prefix(300))"))
        }
        let listed = await Self.videoList(locate(channelURL), limit: limit, through: proxy,
                                          configuration: await tools.videoConfiguration)
        await proxy.stop()
        return listed
    }

    static func videoCapture(_ url: String, through proxy: GuardProxy, into directory: URL,
                             configuration: VideoConfiguration) async -> VideoCaptureResult
    {
        var result = await VideoDownloader(configuration: configuration).capture(url, through: proxy, into: directory)
        if result.directory == nil { result.directory = directory }
        return result
    }

    static func videoList(_ channelURL: String, limit: Int, through proxy: GuardProxy,
                          configuration: VideoConfiguration) async -> Result<[VideoInfo], VideoFailure>
    {
        await VideoDownloader(configuration: configuration).list(channelURL, limit: limit, through: proxy)
    }

    /// Video files are large: they are fetched beside the blob store and WARC files, not in `/tmp`.
    var videoWorkDirectory: URL {
        warcDirectory.deletingLastPathComponent().appendingPathComponent("work", isDirectory: true)
    }
}
