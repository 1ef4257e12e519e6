import Evidence
import Fluent
import Foundation
import KaiguulCore
import Monitor
import Vapor

/// The capture step in browser mode: what headless Chromium saw of a page becomes WARC records and
/// `captures` rows, the same way a fetch does.
///
/// - every exchange of the browser is a `request`/`response`/`metadata` triple; the main document
///   and its redirect hops keep the caller's role, the rest are `subresource`;
/// - the final DOM (`urn:dom:`), the full-page screenshot (`urn:fullPage:`) and the viewport thumbnail
///   (`urn:thumbnail:`) are `resource` records whose `WARC-Concurrent-To` is the page's response
///   record, so a reader of the WARC alone knows which response they show (the `urn:` names are the
///   ones browsertrix-crawler uses for its screenshots, so replay tools recognise them);
/// - the screenshot and the thumbnail also go into the blob store (their SHA-256 is the payload digest);
/// - a request that got no response, and a connection the guard proxy refused, is a row with its
///   `error` and no record; the page's metadata record lists them too, with the limits reached;
/// - every row is `capture_mode = browser`. Rows other than the page's (and its hops') point at the
///   page's row as parent; they are inserted after it in the same transaction.
extension CaptureRecorder {
    struct BrowserRecorded: Sendable {
        /// Every row, page first.
        var captureIDs: [Int]
        var pageCaptureID: Int?
        var screenshotCaptureID: Int?
        var thumbnailCaptureID: Int?
        var domCaptureID: Int?
        var screenshotSHA256: String?
    }

    /// Failed requests and refusals listed in the page's metadata record at most (all still get rows).
    static let browserMetadataListLimit = 200

    func record(_ result: BrowserCaptureResult, role: String, parentCaptureID: Int?) async throws -> BrowserRecorded {
        let label = source?.warcLabel ?? "archive \(result.requestedURL.prefix(300))"
        let (document, documentURL) = Self.documentChain(result)
        var head: [Capture] = []
        var rest: [Capture] = []
        var pageRow: Capture?
        var pageResponseID: String?
        var pageDate = result.started

        for (index, exchange) in result.exchanges.enumerated() {
            let isPage = index == result.pageIndex
            let rowRole = document.contains(index) ? role : "subresource"
            var extra = browserFields(result, role: rowRole)
            if let encoding = result.originalEncodings[index] {
                // The body is stored decoded (the head was rebuilt to match); this is what the server sent.
                extra.append(WARCField("originalContentEncoding", encoding))
            }
            if isPage { extra += Self.pageFields(result) }
            let written = try await services.warc.write(Self.httpCapture(
                exchange, label: label, collector: job.map { "\(services.collector) \($0.worker)" }, extra: extra))
            let row = newRow(
                url: exchange.url, at: exchange.timings.started, role: rowRole, parent: parentCaptureID, mode: .browser)
            row.httpStatus = exchange.status
            // The browser learns the address only when the URL names one; an unknown address is no address.
            row.ip = exchange.remoteAddress.isEmpty ? nil : exchange.remoteAddress
            row.place(written)
            row.truncated = exchange.truncation?.rawValue ?? exchange.decodingLimit.map { "decoding:\($0.rawValue)" }
            row.contentType = exchange.contentType.map { String($0.prefix(200)) }
            if isPage {
                row.error = result.failure.map { String($0.prefix(2_000)) }
                pageRow = row
                pageResponseID = written.response.recordID
                pageDate = exchange.timings.started
            }
            if document.contains(index) { head.append(row) } else { rest.append(row) }
        }
        var failed = Self.failureRows(result)
        var anchor = pageRow
        if pageRow == nil {
            // Nothing loaded as the page: the caller's row says why, like a fetch without a response,
            // with the browser's reason for the document's own request when it gave one.
            let own = failed.firstIndex { $0.url == documentURL }.map { failed.remove(at: $0) }
            let row = newRow(url: String(documentURL.prefix(4_000)), at: result.started, role: role,
                             parent: parentCaptureID, mode: .browser)
            let reasons = [result.failure, own?.error].compactMap { $0 }
            row.error = String((reasons.isEmpty ? "no document loaded" : reasons.joined(separator: "; ")).prefix(2_000))
            head.append(row)
            anchor = row
        }

        for failure in failed {
            let row = newRow(url: failure.url, at: result.started, role: "subresource", parent: parentCaptureID,
                             mode: .browser)
            row.error = failure.error
            rest.append(row)
        }

        let pageURL = result.page?.url ?? result.finalURL ?? result.requestedURL
        let concurrent = pageResponseID.map { [$0] } ?? []
        var screenshot: (Capture, String)?
        var thumbnail: Capture?
        var dom: Capture?
        if let shot = result.screenshot {
            let (row, sha) = try await writeImage(
                shot, uri: "urn:fullPage:\(pageURL)", role: "screenshot", date: pageDate, concurrentTo: concurrent,
                label: label, result: result, parent: parentCaptureID)
            screenshot = (row, sha)
            rest.append(row)
        }
        if let small = result.thumbnail {
            let (row, _) = try await writeImage(
                small, uri: "urn:thumbnail:\(pageURL)", role: "thumbnail", date: pageDate, concurrentTo: concurrent,
                label: label, result: result, parent: parentCaptureID)
            thumbnail = row
            rest.append(row)
        }
        if let html = result.dom {
            let written = try await services.warc.write(ResourceCapture(
                targetURI: "urn:dom:\(pageURL)", date: pageDate, contentType: "text/html; charset=utf-8",
                body: .data(Data(html)), concurrentTo: concurrent, source: label,
                collector: job.map { "\(services.collector) \($0.worker)" },
                extraMetadata: browserFields(result, role: "dom")))
            let row = newRow(url: "urn:dom:\(pageURL)", at: pageDate, role: "dom", parent: parentCaptureID,
                             mode: .browser)
            row.place(written)
            row.contentType = "text/html; charset=utf-8"
            dom = row
            rest.append(row)
        }

        let ids = try await insertPageFirst(head: head, rest: rest, page: anchor)
        return BrowserRecorded(
            captureIDs: ids, pageCaptureID: pageRow?.id, screenshotCaptureID: screenshot?.0.id,
            thumbnailCaptureID: thumbnail?.id, domCaptureID: dom?.id, screenshotSHA256: screenshot?.1)
    }

    /// Inserts the page's rows, then the others pointing at `page`'s row, in one transaction
    /// after the WARC is synced (a row never points at records a power loss could take back).
    func insertPageFirst(head: [Capture], rest: [Capture], page: Capture?) async throws -> [Int] {
        try await services.warc.sync()
        let ids = try await app.write { db -> [Int] in
            let first = try await Capture.insertBatch(head, on: db)
            for (row, id) in zip(head, first) { row.id = id }
            if let pageID = page?.id {
                for row in rest { row.parentCaptureID = pageID }
            }
            let second = rest.isEmpty ? [] : try await Capture.insertBatch(rest, on: db)
            for (row, id) in zip(rest, second) { row.id = id }
            return first + second
        }
        captureIDs += ids
        return ids
    }

    /// A PNG as a `resource` record and a blob; the row and the PNG's SHA-256.
    private func writeImage(
        _ image: BrowserScreenshot, uri: String, role: String, date: Date, concurrentTo: [String], label: String,
        result: BrowserCaptureResult, parent: Int?
    ) async throws -> (Capture, String) {
        let data = Data(image.png)
        let blob = try services.blobs.put(data)
        var extra = browserFields(result, role: role)
        extra.append(WARCField("imageWidth", String(image.width)))
        extra.append(WARCField("imageHeight", String(image.height)))
        extra.append(WARCField("pageHeight", String(image.pageHeight)))
        let written = try await services.warc.write(ResourceCapture(
            targetURI: uri, date: date, contentType: "image/png", body: .data(data), concurrentTo: concurrentTo,
            source: label, collector: job.map { "\(services.collector) \($0.worker)" }, extraMetadata: extra))
        let row = newRow(url: uri, at: date, role: role, parent: parent, mode: .browser)
        row.place(written)
        row.contentType = "image/png"
        if image.height < image.pageHeight { row.truncated = "screenshotHeight" }
        return (row, blob.sha256)
    }

    /// What every record of a browser capture says about how it was made.
    private func browserFields(_ result: BrowserCaptureResult, role: String) -> [WARCField] {
        var fields = [
            WARCField("role", role), WARCField("captureMode", CaptureMode.browser.rawValue),
            WARCField("browser", result.browserVersion),
        ]
        if let job { fields.append(WARCField("job", "\(job.id)/\(job.attempt)")) }
        return fields
    }

    /// The page's metadata record: what the page was asked as, limits reached, what failed and what the guard refused.
    static func pageFields(_ result: BrowserCaptureResult) -> [WARCField] {
        var fields = [WARCField("requestedURL", String(result.requestedURL.prefix(4_000)))]
        if let title = result.title { fields.append(WARCField("pageTitle", String(title.prefix(1_000)))) }
        for limit in result.limitsReached { fields.append(WARCField("limitReached", limit)) }
        if let failure = result.failure { fields.append(WARCField("browserError", String(failure.prefix(2_000)))) }
        for failure in result.failures.prefix(browserMetadataListLimit) {
            fields.append(WARCField("failedRequest", "\(failure.url.prefix(2_000)) \(failure.reason.prefix(500))"))
        }
        for refusal in result.refusals.prefix(browserMetadataListLimit) {
            fields.append(WARCField("refused", refusalText(refusal)))
        }
        let more = max(result.failures.count, result.refusals.count) - browserMetadataListLimit
        if more > 0 { fields.append(WARCField("listsCut", "\(more) more failures or refusals than listed")) }
        return fields
    }

    static func refusalText(_ refusal: ProxyRefusal) -> String {
        var text = "\(refusal.url.map { String($0.prefix(2_000)) } ?? "\(refusal.host.prefix(300)):\(refusal.port)")"
        if let address = refusal.address { text += " [\(address)]" }
        return text + " " + String(refusal.reason.prefix(500))
    }

    /// Rows for requests that got no response, each with the guard's refusal when one matches it,
    /// then the refusals no failure accounts for (a connection the browser made for no listed request).
    static func failureRows(_ result: BrowserCaptureResult) -> [(url: String, error: String)] {
        var unmatched = Array(result.refusals.indices)
        var rows: [(url: String, error: String)] = []
        for failure in result.failures {
            var error = String(failure.reason.prefix(1_000))
            if let at = unmatched.firstIndex(where: { refusal(result.refusals[$0], matches: failure.url) }) {
                let refusal = result.refusals[unmatched.remove(at: at)]
                error = "refused by the address guard: \(refusal.reason.prefix(500))"
                    + (refusal.address.map { " [\($0)]" } ?? "") + " (\(error))"
            }
            rows.append((String(failure.url.prefix(4_000)), String(error.prefix(2_000))))
        }
        for index in unmatched {
            let refusal = result.refusals[index]
            let target = refusal.url ?? "\(refusal.host.prefix(300)):\(refusal.port)"
            rows.append((String(target.prefix(4_000)),
                         "refused by the address guard: \(refusal.reason.prefix(500))"
                            + (refusal.address.map { " [\($0)]" } ?? "")))
        }
        return rows
    }

    /// A refusal belongs to a failed request when it names its URL (plain HTTP) or its host and port (a tunnel).
    static func refusal(_ refusal: ProxyRefusal, matches url: String) -> Bool {
        if let refused = refusal.url { return refused == url }
        guard let components = URLComponents(string: url), let host = components.host else { return false }
        let port = components.port ?? (components.scheme == "https" || components.scheme == "wss" ? 443 : 80)
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let refusedHost = refusal.host.hasPrefix("[") ? String(refusal.host.dropFirst().dropLast()) : refusal.host
        return bare.lowercased() == refusedHost.lowercased() && port == refusal.port
    }

    /// The exchanges of the main document: its final response and the redirect hops that led to
    /// it (walking `Location` back from the page), or, when no document loaded, the hops followed
    /// forward from the requested URL; and the URL the document ended at.
    static func documentChain(_ result: BrowserCaptureResult) -> (exchanges: Set<Int>, url: String) {
        func location(_ index: Int) -> String? {
            let exchange = result.exchanges[index]
            guard (300..<400).contains(exchange.status), let location = exchange.header("location") else { return nil }
            return URL(string: location, relativeTo: URL(string: exchange.url))?.absoluteString
        }
        guard let page = result.pageIndex, result.exchanges.indices.contains(page) else {
            var chain: Set<Int> = []
            var target = result.requestedURL
            while let hop = result.exchanges.indices.first(where: {
                !chain.contains($0) && result.exchanges[$0].url == target && location($0) != nil
            }) {
                chain.insert(hop)
                target = location(hop)!
            }
            return (chain, target)
        }
        var chain: Set<Int> = [page]
        var target = result.exchanges[page].url
        while let hop = result.exchanges.indices.last(where: { !chain.contains($0) && location($0) == target }) {
            chain.insert(hop)
            target = result.exchanges[hop].url
        }
        return (chain, result.exchanges[page].url)
    }

    /// One exchange as the WARC writer wants it.
    static func httpCapture(_ exchange: HTTPExchange, label: String, collector: String?, extra: [WARCField])
        -> HTTPCapture
    {
        var extra = extra
        if let limit = exchange.decodingLimit { extra.append(WARCField("decodingLimit", limit.rawValue)) }
        if let proxy = exchange.proxy { extra.append(WARCField("proxy", proxy)) }
        return HTTPCapture(
            targetURI: exchange.url, date: exchange.timings.started,
            ipAddress: exchange.remoteAddress.isEmpty ? nil : exchange.remoteAddress,
            request: HTTPRequestHead(
                target: requestTarget(exchange.url),
                headers: exchange.requestHeaders.map { HTTPField($0.name, $0.value) },
                rawHead: Data(exchange.requestHead)),
            response: HTTPResponseHead(
                version: exchange.httpVersion, status: exchange.status, reason: exchange.reasonPhrase,
                headers: exchange.responseHeaders.map { HTTPField($0.name, $0.value) },
                rawHead: Data(exchange.responseHead)),
            responseBody: .data(Data(exchange.rawBody)),
            truncated: exchange.truncation.map { WARCTruncation(token: $0.rawValue) },
            source: label, collector: collector, extraMetadata: extra)
    }
}
