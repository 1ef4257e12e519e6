import Foundation

/// What a headless browser saw of one page, as plain values; App writes them to WARC.
///
/// `exchanges` are the browser's own requests and responses (main document and its redirects,
/// scripts, styles, images, XHR/fetch), in the order their responses completed. A body is what the
/// browser received after undoing `Content-Encoding`; the head is rebuilt to match it (no
/// `Content-Encoding` or `Transfer-Encoding`, a `Content-Length` of the stored body), and
/// `originalEncodings` keeps what the server had sent, so the record replays and its digests hold.
public struct BrowserCaptureResult: Sendable {
    public var requestedURL: String
    /// The main document's URL after redirects; nil when no document loaded.
    public var finalURL: String?
    public var exchanges: [HTTPExchange]
    /// Index in `exchanges` of the main document's final response.
    public var pageIndex: Int?
    /// `Content-Encoding` the server sent, by index in `exchanges`, where one was undone.
    public var originalEncodings: [Int: String]
    /// The final DOM serialised as HTML (UTF-8), after scripts ran; cut at the byte limit.
    public var dom: [UInt8]?
    public var title: String?
    /// The whole page, at most `BrowserCaptureLimits.maximumScreenshotHeight` tall.
    public var screenshot: BrowserScreenshot?
    /// The first screen, scaled down.
    public var thumbnail: BrowserScreenshot?
    /// Connections the guard proxy refused while the page loaded.
    public var refusals: [ProxyRefusal]
    /// Requests that got no response (refused, failed, blocked, cut by a limit), with the browser's reason.
    public var failures: [BrowserRequestFailure]
    /// Limits reached (`time`, `bytes`, `requests`, `screenshotHeight`); empty when none was.
    public var limitsReached: [String]
    /// Set when the page could not be captured at all (browser missing, document refused, timeout before any response).
    public var failure: String?
    /// `Chromium/131.0.6778.85` as the browser reports it.
    public var browserVersion: String
    public var started: Date

    public init(requestedURL: String, started: Date, browserVersion: String) {
        self.requestedURL = requestedURL
        self.started = started
        self.browserVersion = browserVersion
        finalURL = nil
        exchanges = []
        pageIndex = nil
        originalEncodings = [:]
        dom = nil
        title = nil
        screenshot = nil
        thumbnail = nil
        refusals = []
        failures = []
        limitsReached = []
        failure = nil
    }

    public var page: HTTPExchange? { pageIndex.map { exchanges[$0] } }
}

/// A PNG the browser rendered.
public struct BrowserScreenshot: Sendable, Equatable {
    public var png: [UInt8]
    public var width: Int
    public var height: Int
    /// The page's full height in CSS pixels, before the height limit cut it.
    public var pageHeight: Int

    public init(png: [UInt8], width: Int, height: Int, pageHeight: Int) {
        self.png = png
        self.width = width
        self.height = height
        self.pageHeight = pageHeight
    }
}

/// A request of the page that ended without a response.
public struct BrowserRequestFailure: Sendable, Equatable, Codable {
    public var url: String
    /// `net::ERR_TUNNEL_CONNECTION_FAILED`, `refused by the address guard: loopback`, …
    public var reason: String

    public init(url: String, reason: String) {
        self.url = url
        self.reason = reason
    }
}

/// Bounds of one browser capture (`KAIGUUL_BROWSER_*`).
public struct BrowserCaptureLimits: Sendable, Equatable {
    /// From navigation start to the screenshot.
    public var pageTimeout: Duration = .seconds(45)
    /// Response bodies kept, all requests together.
    public var maximumTotalBytes: Int = 50 * 1_048_576
    public var maximumRequests: Int = 500
    /// Full-page screenshots are cut at this height (CSS pixels).
    public var maximumScreenshotHeight: Int = 20_000
    public var viewportWidth: Int = 1280
    public var viewportHeight: Int = 900
    /// Quiet time without network activity after `load` before the page counts as settled.
    public var settleTime: Duration = .milliseconds(500)

    public init() {}

    /// Reads `KAIGUUL_BROWSER_TIMEOUT_SECONDS`, `KAIGUUL_BROWSER_MAX_MB`, `KAIGUUL_BROWSER_MAX_REQUESTS`,
    /// `KAIGUUL_BROWSER_SCREENSHOT_MAX_HEIGHT`; out-of-range values are clamped.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        -> BrowserCaptureLimits
    {
        var limits = BrowserCaptureLimits()
        func int(_ key: String, _ range: ClosedRange<Int>) -> Int? {
            environment[key].flatMap { Int($0) }.map { min(max($0, range.lowerBound), range.upperBound) }
        }
        if let seconds = int("KAIGUUL_BROWSER_TIMEOUT_SECONDS", 5...600) { limits.pageTimeout = .seconds(seconds) }
        if let mb = int("KAIGUUL_BROWSER_MAX_MB", 1...2_000) { limits.maximumTotalBytes = mb * 1_048_576 }
        if let count = int("KAIGUUL_BROWSER_MAX_REQUESTS", 1...10_000) { limits.maximumRequests = count }
        if let height = int("KAIGUUL_BROWSER_SCREENSHOT_MAX_HEIGHT", 500...100_000) {
            limits.maximumScreenshotHeight = height
        }
        return limits
    }
}
