import Foundation

/// One page loaded in its own browser context: the context's proxy is the guard proxy, every
/// request is counted (and refused past a limit) through the Fetch domain, every response recorded
/// through the Network domain, and once the page is quiet (or the time is up) the DOM and the
/// screenshots are taken and the context is thrown away.
struct PageCapture<Proxy: BrowserProxy>: Sendable {
    let connection: DevToolsConnection
    let proxy: Proxy
    let limits: BrowserCaptureLimits
    let commandTimeout: Duration

    static var thumbnailWidth: Int { 320 }
    /// The name under which the navigation's reply joins the page's events.
    static var navigated: String { "Kaiguul.navigated" }

    /// What the event loop learnt while the page loaded.
    private struct Loading {
        var log = NetworkLog()
        /// Sessions of out-of-process frames and workers attached to the page.
        var children: [String] = []
        var bodies: [Int: Task<[UInt8]?, Never>] = [:]
        var requests = 0
        /// Network request ids this capture refused (Fetch) with the reason to record.
        var refusedByLimit: [String: String] = [:]
        var mainLoader: String?
        var loaded = false
        var lastActivity = ContinuousClock.now
        var limitsReached: [String] = []
        var crashed: String?

        mutating func reach(_ limit: String) {
            if !limitsReached.contains(limit) { limitsReached.append(limit) }
        }
    }

    func run(_ url: String, into initial: BrowserCaptureResult) async -> BrowserCaptureResult {
        var result = initial
        var contextID: String?
        var sessions: [String] = []
        do {
            let context = try await send("Target.createBrowserContext", [
                "disposeOnDetach": true, "proxyServer": .string(proxy.url),
                "proxyBypassList": .string(ChromiumArguments.bypassList),
            ])
            guard let id = context["browserContextId"]?.string else {
                throw DevToolsError.badReply("Target.createBrowserContext")
            }
            contextID = id
            try await send("Browser.setDownloadBehavior", ["behavior": "deny", "browserContextId": .string(id)])
            let target = try await send("Target.createTarget", [
                "url": "about:blank", "browserContextId": .string(id),
                "width": .int(limits.viewportWidth), "height": .int(limits.viewportHeight),
            ])
            guard let targetID = target["targetId"]?.string else { throw DevToolsError.badReply("Target.createTarget") }
            let attached = try await send("Target.attachToTarget", ["targetId": .string(targetID), "flatten": true])
            guard let session = attached["sessionId"]?.string else {
                throw DevToolsError.badReply("Target.attachToTarget")
            }
            sessions.append(session)
            let events = connection.subscribe(session)
            try await prepare(session)
            try await send("Emulation.setDeviceMetricsOverride", [
                "width": .int(limits.viewportWidth), "height": .int(limits.viewportHeight),
                "deviceScaleFactor": 1, "mobile": false,
            ], session: session)
            try await send("Target.setAutoAttach", [
                "autoAttach": true, "waitForDebuggerOnStart": true, "flatten": true,
            ], session: session)

            var loading = await load(url, session: session, mainFrame: targetID, events: events)
            sessions += loading.children
            result.limitsReached = loading.limitsReached
            await assemble(&result, from: &loading)
            if let crashed = loading.crashed {
                result.failure = result.failure ?? crashed
            } else if result.pageIndex != nil {
                try await render(&result, session: session)
            }
        } catch {
            result.failure = result.failure ?? "\(error)"
        }
        connection.unsubscribe(sessions)
        if let contextID {
            _ = try? await send("Target.disposeBrowserContext", ["browserContextId": .string(contextID)],
                            timeout: .seconds(10))
        }
        return result
    }

    @discardableResult
    private func send(_ method: String, _ params: DevToolsValue = [:], session: String? = nil,
                      timeout: Duration? = nil) async throws -> DevToolsValue
    {
        try await connection.send(method, params, session: session, timeout: timeout ?? commandTimeout)
    }

    /// Domains every session of the page needs: the page's own and each frame or worker attached to it.
    private func prepare(_ session: String) async throws {
        // Bodies stay in the browser until asked for; its buffers are sized to the capture's byte limit
        // so it does not drop them first.
        let buffer = max(limits.maximumTotalBytes, 1_048_576)
        try await send("Network.enable", [
            "maxTotalBufferSize": .int(buffer), "maxResourceBufferSize": .int(buffer),
        ], session: session)
        try await send("Fetch.enable", ["patterns": [["urlPattern": "*", "requestStage": "Request"]]],
                       session: session)
        try await send("Page.enable", session: session)
    }

    /// Navigates and handles events until the page is settled, the time is up or the browser is gone.
    private func load(_ url: String, session: String, mainFrame: String,
                      events: AsyncStream<DevToolsEvent>) async -> Loading
    {
        var loading = Loading()
        let clock = ContinuousClock()
        let deadline = clock.now + limits.pageTimeout
        let connection = self.connection
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(50))
                connection.inject(.tick, into: session)
            }
        }
        defer { ticker.cancel() }
        // Not awaited here: the document's request waits (paused) for this loop to let it go. Its
        // reply comes back into the loop as an event of our own.
        let navigation = Task { [timeout = commandTimeout] in
            var reply: DevToolsValue
            do {
                reply = try await connection.send("Page.navigate", ["url": .string(url)], session: session,
                                                  timeout: timeout)
            } catch {
                reply = ["errorText": .string("\(error)")]
            }
            connection.inject(.event(method: Self.navigated, params: reply, session: session), into: session)
        }
        defer { navigation.cancel() }
        var navigationFailed = false

        loop: for await event in events {
            switch event {
            case .tick:
                if clock.now >= deadline {
                    loading.reach("time")
                    break loop
                }
                let quiet = clock.now - loading.lastActivity >= limits.settleTime
                if (loading.loaded || navigationFailed) && loading.log.inFlight.isEmpty && quiet { break loop }
            case .event(Self.navigated, let reply, _):
                if let error = reply["errorText"]?.string, !error.isEmpty {
                    navigationFailed = true
                    if loading.mainLoader == nil { loading.mainLoader = reply["loaderId"]?.string }
                }
            case .event(let method, let params, let from):
                handle(method, params, from: from, page: session, mainFrame: mainFrame, deadline: deadline,
                       loading: &loading)
                if loading.crashed != nil { break loop }
            }
        }
        if connection.isClosed { loading.crashed = loading.crashed ?? DevToolsError.closed.description }
        if loading.limitsReached.contains("time") { connection.post("Page.stopLoading", session: session) }
        return loading
    }

    private func handle(_ method: String, _ params: DevToolsValue, from: String, page: String, mainFrame: String,
                        deadline: ContinuousClock.Instant, loading: inout Loading)
    {
        switch method {
        case "Fetch.requestPaused":
            guard let id = params["requestId"]?.string else { return }
            loading.requests += 1
            let networkID = params["networkId"]?.string ?? id
            var refusal: String?
            if ContinuousClock.now >= deadline {
                loading.reach("time")
                refusal = "not requested: the page's time limit was reached"
            } else if loading.requests > limits.maximumRequests {
                loading.reach("requests")
                refusal = "not requested: the limit of \(limits.maximumRequests) requests was reached"
            } else if loading.log.bytesReceived > limits.maximumTotalBytes {
                loading.reach("bytes")
                refusal = "not requested: the limit of \(limits.maximumTotalBytes) bytes was reached"
            }
            if let refusal {
                loading.refusedByLimit[networkID] = refusal
                connection.post("Fetch.failRequest", ["requestId": .string(id), "errorReason": "BlockedByClient"],
                                session: from)
            } else {
                connection.post("Fetch.continueRequest", ["requestId": .string(id)], session: from)
            }
        case _ where method.hasPrefix("Network."):
            loading.lastActivity = ContinuousClock.now
            if let finished = loading.log.apply(method, params) {
                let hop = loading.log.hops[finished]
                if loading.log.bytesReceived > limits.maximumTotalBytes { loading.reach("bytes") }
                let connection = self.connection
                loading.bodies[finished] = Task { [timeout = commandTimeout] in
                    guard let reply = try? await connection.send(
                        "Network.getResponseBody", ["requestId": .string(hop.requestID)], session: from,
                        timeout: timeout)
                    else { return nil }
                    return Self.bytes(reply)
                }
            }
        case "Page.frameNavigated":
            if params["frame"]?["parentId"] == nil, params["frame"]?["id"]?.string == mainFrame, from == page {
                loading.mainLoader = params["frame"]?["loaderId"]?.string
            }
        case "Page.loadEventFired":
            if from == page { loading.loaded = true }
            loading.lastActivity = ContinuousClock.now
        case "Target.attachedToTarget":
            // An out-of-process frame or a worker: its requests are the page's too.
            guard let child = params["sessionId"]?.string else { return }
            connection.route(child, like: page)
            loading.children.append(child)
            let connection = self.connection
            let buffer = max(limits.maximumTotalBytes, 1_048_576)
            connection.post("Network.enable", [
                "maxTotalBufferSize": .int(buffer), "maxResourceBufferSize": .int(buffer),
            ], session: child)
            connection.post("Fetch.enable", ["patterns": [["urlPattern": "*", "requestStage": "Request"]]],
                            session: child)
            connection.post("Target.setAutoAttach", [
                "autoAttach": true, "waitForDebuggerOnStart": true, "flatten": true,
            ], session: child)
            connection.post("Runtime.runIfWaitingForDebugger", session: child)
        case "Inspector.targetCrashed":
            if from == page { loading.crashed = "the page's renderer crashed" }
        case "Inspector.detached":
            if from == page { loading.crashed = "the browser detached from the page" }
        default:
            break
        }
    }

    /// Hops in the order they ended become exchanges (bodies within the byte limit) or failures; a
    /// response the guard proxy made up for a refused request is a failure, not the site's answer.
    private func assemble(_ result: inout BrowserCaptureResult, from loading: inout Loading) async {
        let since = result.started.addingTimeInterval(-1)
        let refusals = proxy.refusals().filter { $0.date >= since }
        result.refusals = refusals
        var budget = limits.maximumTotalBytes
        let timedOut = loading.limitsReached.contains("time")
        let order = loading.log.hops.indices.sorted {
            (loading.log.hops[$0].completion ?? Int.max, $0) < (loading.log.hops[$1].completion ?? Int.max, $1)
        }
        var exchangeIndex: [Int: Int] = [:]
        var failedHops: [Int: String] = [:]
        for index in order {
            let hop = loading.log.hops[index]
            if let reason = loading.refusedByLimit[hop.requestID], hop.failure != nil {
                failedHops[index] = reason
                result.failures.append(BrowserRequestFailure(url: hop.url, reason: reason))
                continue
            }
            if let failure = hop.failure {
                let reason = Self.explain(failure, url: hop.url, refusals: refusals)
                failedHops[index] = reason
                result.failures.append(BrowserRequestFailure(url: hop.url, reason: reason))
                continue
            }
            guard hop.response != nil, hop.completion != nil else {
                let reason = timedOut ? "cut by the page's time limit before its response ended" : "no response"
                failedHops[index] = reason
                result.failures.append(BrowserRequestFailure(url: hop.url, reason: reason))
                continue
            }
            let status = hop.response?["status"]?.int ?? 0
            if status == 403, let refusal = refusals.last(where: { $0.url == hop.url }) {
                let reason = "refused by the address guard: \(refusal.reason)"
                failedHops[index] = reason
                result.failures.append(BrowserRequestFailure(url: hop.url, reason: reason))
                continue
            }
            var body: [UInt8] = []
            if !hop.redirected, let task = loading.bodies[index] { body = await task.value ?? [] }
            var truncation: TruncationReason?
            if body.count > budget {
                body = Array(body.prefix(budget))
                truncation = .length
                if !loading.limitsReached.contains("bytes") { loading.limitsReached.append("bytes") }
            }
            budget -= body.count
            let extras = loading.log.extraResponses[hop.requestID]
            let sent = loading.log.sentHeaders[hop.requestID]
            guard let built = BrowserExchangeBuilder.build(
                hop, sentHeaders: sent.flatMap { hop.position < $0.count ? $0[hop.position] : nil },
                extra: extras.flatMap { hop.position < $0.count ? $0[hop.position] : nil },
                body: body, truncation: truncation, proxy: proxy.url)
            else { continue }
            exchangeIndex[index] = result.exchanges.count
            if let encoding = built.originalEncoding { result.originalEncodings[result.exchanges.count] = encoding }
            result.exchanges.append(built.exchange)
        }
        result.limitsReached = loading.limitsReached

        // The page is the last hop of the main frame's committed navigation (its request id is the
        // loader id), or of the navigation that failed.
        let documentHop = loading.mainLoader.flatMap { loading.log.lastHop(of: $0) }
            ?? loading.log.hops.indices.last { loading.log.hops[$0].resourceType == "Document" }
        if let documentHop {
            if let index = exchangeIndex[documentHop] {
                result.pageIndex = index
                result.finalURL = result.exchanges[index].url
            } else if let reason = failedHops[documentHop] {
                result.failure = "the document was not loaded: \(reason)"
            }
        }
        if result.pageIndex == nil && result.failure == nil {
            result.failure = timedOut ? "the page's time limit ran out before the document loaded" : "no document loaded"
        }
    }

    /// A tunnel the proxy refused reaches the browser as a bare network error; the proxy's reason says why.
    static func explain(_ failure: String, url: String, refusals: [ProxyRefusal]) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return failure }
        let port = components.port ?? (components.scheme?.lowercased() == "https" ? 443 : 80)
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        guard let refusal = refusals.last(where: {
            ($0.url == url) || ($0.url == nil && $0.port == port && $0.host.lowercased() == bare.lowercased())
        }) else { return failure }
        return "refused by the address guard: \(refusal.reason) (\(failure))"
    }

    /// The DOM, the title and the two screenshots of a loaded page.
    private func render(_ result: inout BrowserCaptureResult, session: String) async throws {
        let evaluated = try await send("Runtime.evaluate", [
            "expression": """
                (() => {
                  const d = document;
                  const doctype = d.doctype ? new XMLSerializer().serializeToString(d.doctype) + "\\n" : "";
                  return { title: d.title, html: doctype + (d.documentElement ? d.documentElement.outerHTML : "") };
                })()
                """,
            "returnByValue": true,
        ], session: session)
        if let value = evaluated["result"]?["value"] {
            result.title = value["title"]?.string.map { String($0.prefix(2_000)) }
            if let html = value["html"]?.string {
                result.dom = Self.cut(Array(html.utf8), at: limits.maximumTotalBytes)
            }
        }

        let scale = Double(Self.thumbnailWidth) / Double(max(limits.viewportWidth, 1))
        let thumbnail = try await send("Page.captureScreenshot", [
            "format": "png",
            "clip": ["x": 0, "y": 0, "width": .int(limits.viewportWidth), "height": .int(limits.viewportHeight),
                     "scale": .double(scale)],
        ], session: session)
        result.thumbnail = Self.screenshot(thumbnail, pageHeight: limits.viewportHeight)

        let metrics = try await send("Page.getLayoutMetrics", session: session)
        let contentHeight = metrics["cssContentSize"]?["height"]?.double ?? Double(limits.viewportHeight)
        let pageHeight = max(1, Int(contentHeight.rounded(.up)))
        let height = min(pageHeight, limits.maximumScreenshotHeight)
        if pageHeight > limits.maximumScreenshotHeight {
            result.limitsReached.append("screenshotHeight")
        }
        let full = try await send("Page.captureScreenshot", [
            "format": "png", "captureBeyondViewport": true,
            "clip": ["x": 0, "y": 0, "width": .int(limits.viewportWidth), "height": .int(height), "scale": 1],
        ], session: session)
        result.screenshot = Self.screenshot(full, pageHeight: pageHeight)
    }

    static func screenshot(_ reply: DevToolsValue, pageHeight: Int) -> BrowserScreenshot? {
        guard let data = reply["data"]?.string, let png = Data(base64Encoded: data).map(Array.init),
              let size = PNGSize.read(png)
        else { return nil }
        return BrowserScreenshot(png: png, width: size.width, height: size.height, pageHeight: pageHeight)
    }

    static func bytes(_ reply: DevToolsValue) -> [UInt8]? {
        guard let body = reply["body"]?.string else { return nil }
        if reply["base64Encoded"]?.bool == true { return Data(base64Encoded: body).map(Array.init) }
        return Array(body.utf8)
    }

    /// Cuts UTF-8 at a character boundary at most `limit` bytes long.
    static func cut(_ bytes: [UInt8], at limit: Int) -> [UInt8] {
        guard bytes.count > limit else { return bytes }
        var end = max(limit, 0)
        while end > 0 && bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return Array(bytes[..<end])
    }
}

