import Foundation
import LoopbackHTTP
import MediaMatch
import Testing

@testable import Monitor

/// Browser capture with the Chromium installed on the machine, against loopback sites only. Serialized:
/// each test starts its own browser, and two cores do not run several at once in good time.
@Suite(.serialized) struct ChromiumBrowserTests {
    static func limits() -> BrowserCaptureLimits {
        var limits = BrowserCaptureLimits()
        limits.pageTimeout = .seconds(40)
        limits.settleTime = .milliseconds(300)
        return limits
    }

    /// A browser, a site and a proxy for one test, all stopped afterwards whatever happens.
    static func withSite(
        proxy makeProxy: () async throws -> StubGuardProxy = { try await StubGuardProxy.start() },
        _ body: (ChromiumBrowser, LoopbackServer, StubGuardProxy) async throws -> Void
    ) async throws {
        let site = try await LoopbackServer.start(BrowserTestSite.route(privatePort: BrowserTestSite.privatePort))
        let proxy = try await makeProxy()
        let browser = try await ChromiumBrowser.launch(BrowserConfiguration.fromEnvironment())
        do {
            try await body(browser, site, proxy)
        } catch {
            await browser.close()
            await proxy.stop()
            await site.stop()
            throw error
        }
        await browser.close()
        await proxy.stop()
        await site.stop()
    }

    @Test func aScriptBuiltPageIsCapturedWithItsXHRItsDOMAndAScreenshotShowingTheText() async throws {
        try await Self.withSite { browser, site, proxy in
            let result = await browser.capture(site.url("/"), through: proxy, limits: Self.limits())
            #expect(result.failure == nil, "\(result.failure ?? "")")
            #expect(browser.version.hasPrefix("Chromium/"))
            #expect(result.browserVersion == browser.version)

            let page = try #require(result.page)
            #expect(page.url == site.url("/") && result.finalURL == site.url("/"))
            #expect(page.status == 200 && page.body == Array(BrowserTestSite.page.utf8))
            #expect(page.remoteAddress == "127.0.0.1" && page.proxy == proxy.url)
            #expect(String(decoding: page.requestHead, as: UTF8.self).hasPrefix("GET / HTTP/1.1\r\n"))

            // The XHR's response is among the exchanges, whole.
            let xhr = try #require(result.exchanges.first { $0.url == site.url("/data.json") })
            #expect(xhr.status == 200 && xhr.body == BrowserTestSite.json)
            #expect(!String(decoding: page.body, as: UTF8.self).contains(BrowserTestSite.notice))

            // The gzip-compressed script is stored decoded, its head rebuilt to match.
            let scriptIndex = try #require(result.exchanges.firstIndex { $0.url == site.url("/app.js") })
            let script = result.exchanges[scriptIndex]
            #expect(script.body == Array(BrowserTestSite.script.utf8) && script.rawBody == script.body)
            #expect(result.originalEncodings[scriptIndex] == "gzip")
            let head = String(decoding: script.responseHead, as: UTF8.self)
            #expect(head.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(!head.lowercased().contains("content-encoding"))
            #expect(head.contains("Content-Length: \(script.body.count)\r\n"))
            #expect(script.header("content-type") == "application/javascript")

            // The DOM holds what the script wrote.
            let dom = String(decoding: try #require(result.dom), as: UTF8.self)
            #expect(dom.contains("<h1 id=\"notice\">\(BrowserTestSite.notice)</h1>"))
            #expect(dom.hasPrefix("<!DOCTYPE html>"))
            #expect(result.title == "Invented bulletin")

            // The screenshot decodes and shows the text.
            let screenshot = try #require(result.screenshot)
            let image = try ImageDecoder().decode(Data(screenshot.png))
            #expect(image.width == 1280 && image.width == screenshot.width && image.height == screenshot.height)
            #expect(screenshot.height == screenshot.pageHeight)
            let text = try Self.ocr(screenshot.png)
            #expect(text.contains(BrowserTestSite.notice), "OCR read: \(text)")
            let thumbnail = try #require(result.thumbnail)
            #expect(thumbnail.width == 320 && thumbnail.height == 225)
            #expect(try ImageDecoder().decode(Data(thumbnail.png)).width == 320)

            #expect(result.refusals.isEmpty && result.failures.isEmpty && result.limitsReached.isEmpty)
            // Every request went through the proxy, and the site saw each of them.
            #expect(proxy.requests.count == site.requests.count)
            #expect(proxy.requests.allSatisfy { $0.hasPrefix("GET http://127.0.0.1:\(site.port)/") })
        }
    }

    @Test func aScriptReachingAnotherLoopbackAddressIsRefusedAndRecorded() async throws {
        try await Self.withSite { browser, site, proxy in
            let result = await browser.capture(site.url("/reaches-private"), through: proxy, limits: Self.limits())
            #expect(result.failure == nil && result.page?.status == 200)
            let refused = "http://127.0.0.2:\(BrowserTestSite.privatePort)/secret"
            #expect(result.refusals.contains { $0.host == "127.0.0.2" && $0.url == refused })
            let failure = try #require(result.failures.first { $0.url == refused })
            #expect(failure.reason.hasPrefix("refused by the address guard:"), "\(failure.reason)")
            // The proxy's own 403 is not recorded as if the address had answered.
            #expect(!result.exchanges.contains { $0.url == refused })
            let dom = String(decoding: try #require(result.dom), as: UTF8.self)
            #expect(!dom.contains("reached 200"))
        }
    }

    @Test func aRedirectToAPrivateAddressIsRefusedAndTheDocumentIsNotLoaded() async throws {
        try await Self.withSite { browser, site, proxy in
            let result = await browser.capture(site.url("/redirects-private"), through: proxy, limits: Self.limits())
            // The redirect itself is evidence; the hop it pointed to was never made.
            let redirect = try #require(result.exchanges.first)
            #expect(redirect.status == 302 && redirect.header("location") == "http://127.0.0.2:\(BrowserTestSite.privatePort)/inside")
            #expect(result.exchanges.count == 1 && result.pageIndex == nil)
            #expect(result.refusals.contains { $0.host == "127.0.0.2" && $0.url == "http://127.0.0.2:\(BrowserTestSite.privatePort)/inside" })
            #expect(result.failures.contains {
                $0.url == "http://127.0.0.2:\(BrowserTestSite.privatePort)/inside" && $0.reason.hasPrefix("refused by the address guard:")
            })
            let failure = try #require(result.failure)
            #expect(failure.contains("refused by the address guard"), "\(failure)")
            #expect(result.screenshot == nil && result.dom == nil)
        }
    }

    /// Nothing reaches the site when the proxy refuses everything: the browser has no route of its
    /// own, not even to loopback (which Chromium would otherwise send past any proxy), and it hands
    /// names to the proxy instead of resolving them.
    @Test func theBrowserHasNoRouteButTheProxy() async throws {
        try await Self.withSite(proxy: { try await StubGuardProxy.start(allowedHosts: []) }) { browser, site, proxy in
            let result = await browser.capture(site.url("/"), through: proxy, limits: Self.limits())
            #expect(site.requests.isEmpty)
            #expect(result.pageIndex == nil && result.exchanges.isEmpty)
            #expect(result.failure?.contains("refused by the address guard") == true, "\(result.failure ?? "")")
            #expect(proxy.requests.first == "GET \(site.url("/")) HTTP/1.1")
            #expect(proxy.requests.allSatisfy { $0.hasPrefix("GET http://127.0.0.1:\(site.port)/") })
        }
        try await Self.withSite { browser, site, proxy in
            let result = await browser.capture(site.url("/names"), through: proxy, limits: Self.limits())
            #expect(result.page?.status == 200)
            #expect(proxy.requests.contains("GET http://fictional-site.test:\(BrowserTestSite.privatePort)/logo.png HTTP/1.1"))
            #expect(result.failures.contains { $0.url == "http://fictional-site.test:\(BrowserTestSite.privatePort)/logo.png" })
            #expect(result.refusals.contains { $0.host == "fictional-site.test" })
        }
    }

    @Test func limitsOfRequestsAndScreenshotHeightAreReported() async throws {
        try await Self.withSite { browser, site, proxy in
            var limits = Self.limits()
            limits.maximumRequests = 3
            let many = await browser.capture(site.url("/many"), through: proxy, limits: limits)
            #expect(many.page?.status == 200 && many.limitsReached.contains("requests"))
            // The page and two images were asked for; the four other images were not.
            #expect(site.requests.count == 3)
            // Four images were refused by the limit (the browser's favicon request may be too).
            #expect(many.failures.filter { $0.reason.contains("limit of 3 requests") && $0.url.contains("/image") }
                .count == 4)

            limits = Self.limits()
            limits.maximumScreenshotHeight = 1_000
            let tall = await browser.capture(site.url("/tall"), through: proxy, limits: limits)
            let screenshot = try #require(tall.screenshot)
            #expect(screenshot.height == 1_000 && screenshot.pageHeight >= 6_000)
            #expect(tall.limitsReached == ["screenshotHeight"])
        }
    }

    @Test func thePageTimeIsBoundedAndWhatLoadedIsKept() async throws {
        try await Self.withSite { browser, site, proxy in
            var limits = Self.limits()
            limits.pageTimeout = .seconds(4)
            let clock = ContinuousClock()
            let started = clock.now
            let result = await browser.capture(site.url("/slow"), through: proxy, limits: limits)
            #expect(clock.now - started < .seconds(20))
            #expect(result.limitsReached.contains("time"))
            #expect(result.page?.status == 200 && result.screenshot != nil)
            #expect(result.failures.contains { $0.url == site.url("/drip") })
        }
    }

    @Test func theByteLimitCutsBodies() async throws {
        try await Self.withSite { browser, site, proxy in
            var limits = Self.limits()
            limits.maximumTotalBytes = BrowserTestSite.page.utf8.count + 10
            let result = await browser.capture(site.url("/"), through: proxy, limits: limits)
            #expect(result.limitsReached.contains("bytes"))
            let stored = result.exchanges.reduce(0) { $0 + $1.body.count }
            #expect(stored <= limits.maximumTotalBytes)
            #expect(result.exchanges.contains { $0.truncation == .length })
        }
    }

    @Test func aDeadBrowserFailsTheCaptureNotTheProcess() async throws {
        try await Self.withSite { browser, site, proxy in
            #expect(browser.isRunning)
            kill(-browser.processID, SIGKILL)
            try await Task.sleep(for: .milliseconds(500))
            let result = await browser.capture(site.url("/"), through: proxy, limits: Self.limits())
            #expect(result.failure != nil && result.exchanges.isEmpty)
            #expect(!browser.isRunning)
        }
    }

    @Test func aMissingBrowserIsALaunchError() async throws {
        let configuration = BrowserConfiguration(executable: "/nonexistent/chromium")
        await #expect(throws: ChromiumBrowser.LaunchError.self) {
            _ = try await ChromiumBrowser.launch(configuration)
        }
    }

    @Test func theCommandLineLeavesNoOtherRoute() {
        let arguments = ChromiumArguments.make(userDataDirectory: "/tmp/x", runningAsRoot: false)
        #expect(arguments.contains("--proxy-server=http://127.0.0.1:1"))
        #expect(arguments.contains("--proxy-bypass-list=<-loopback>"))
        #expect(arguments.contains("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"))
        #expect(arguments.contains("--disable-quic"))
        #expect(arguments.contains("--force-webrtc-ip-handling-policy=disable_non_proxied_udp"))
        #expect(!arguments.contains("--no-sandbox"))
        #expect(ChromiumArguments.make(userDataDirectory: "/tmp/x", runningAsRoot: true).contains("--no-sandbox"))
    }

    /// Text tesseract reads in a PNG, upper-cased and with runs of white space made single spaces.
    static func ocr(_ png: [UInt8]) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-ocr-\(UUID().uuidString).png")
        try Data(png).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tesseract", file.path, "stdout"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).uppercased()
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
