import Evidence
import Foundation
import KaiguulCore
import Vapor

@testable import App
@testable import Monitor

/// Browser and video results made by hand, as the browser and yt-dlp would hand them over, so the
/// recorder is tested without either tool. Sites and texts are invented.
enum CaptureValues {
    static let site = "http://kaiguul-test.example"

    static func exchange(
        _ url: String, status: Int = 200, type: String? = "text/html; charset=utf-8", body: String = "",
        headers more: [(name: String, value: String)] = [], at date: Date = Date()
    ) -> HTTPExchange {
        var headers = more
        if let type { headers.insert((name: "Content-Type", value: type), at: 0) }
        headers.append((name: "Content-Length", value: String(body.utf8.count)))
        let reason = status == 200 ? "OK" : status == 302 ? "Found" : "Status"
        let head = "HTTP/1.1 \(status) \(reason)\r\n" + headers.map { "\($0.name): \($0.value)\r\n" }.joined() + "\r\n"
        let host = URLComponents(string: url)?.host ?? "localhost"
        let target = CaptureRecorder.requestTarget(url)
        let requestHeaders = [(name: "Host", value: host), (name: "User-Agent", value: "KaiguulTest/1 Chromium")]
        let requestHead = "GET \(target) HTTP/1.1\r\n"
            + requestHeaders.map { "\($0.name): \($0.value)\r\n" }.joined() + "\r\n"
        return HTTPExchange(
            url: url, remoteAddress: "127.0.0.1", proxy: "http://127.0.0.1:1", requestHead: Array(requestHead.utf8),
            requestHeaders: requestHeaders, status: status, reasonPhrase: reason, httpVersion: "HTTP/1.1",
            responseHeaders: headers, responseHead: Array(head.utf8), rawBody: Array(body.utf8),
            body: Array(body.utf8), truncation: nil, decodingLimit: nil,
            timings: FetchTimings(started: date, resolution: .zero, toHeaders: .milliseconds(5), total: .milliseconds(9)))
    }

    /// Not a real PNG: the recorder stores bytes, it does not decode them.
    static func png(_ marker: String) -> [UInt8] {
        [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] + Array("invented image \(marker)".utf8)
    }

    /// A page reached through one redirect, with its script and the script's XHR; a script request
    /// to 127.0.0.2 that the guard refused, and a tunnel to a private address nobody asked for by URL.
    static func browserPage() -> BrowserCaptureResult {
        var result = BrowserCaptureResult(
            requestedURL: "\(site)/start", started: Date(), browserVersion: "Chromium/131.0.6778.85")
        result.exchanges = [
            exchange("\(site)/start", status: 302, type: nil, headers: [(name: "Location", value: "/page")]),
            exchange("\(site)/app.js", type: "application/javascript", body: "fetch('/api/text')"),
            exchange("\(site)/page", body: "<html><body><p id=t></p><script src=/app.js></script></body></html>"),
            exchange("\(site)/api/text", type: "application/json", body: "{\"text\":\"Invented slogan of the Order of the Lantern\"}"),
        ]
        result.pageIndex = 2
        result.finalURL = "\(site)/page"
        result.originalEncodings = [3: "gzip"]
        result.dom = Array("<html><body><p id=t>Invented slogan of the Order of the Lantern</p></body></html>".utf8)
        result.title = "Lantern page"
        result.screenshot = BrowserScreenshot(png: png("full"), width: 1280, height: 2000, pageHeight: 2600)
        result.thumbnail = BrowserScreenshot(png: png("thumb"), width: 320, height: 225, pageHeight: 2600)
        result.failures = [BrowserRequestFailure(url: "http://127.0.0.2:9/secret", reason: "net::ERR_TUNNEL_CONNECTION_FAILED")]
        result.refusals = [
            ProxyRefusal(host: "127.0.0.2", port: 9, address: "127.0.0.2", reason: "loopback address"),
            ProxyRefusal(host: "10.1.2.3", port: 443, address: "10.1.2.3", reason: "private address"),
        ]
        result.limitsReached = ["requests"]
        return result
    }
}

extension Application {
    /// Monitoring services without a server: the recorder tests write and read only.
    @discardableResult
    func useRecorderTestMonitoring() throws -> MonitoringServices {
        var configuration = FetcherConfiguration()
        configuration.allowedNetworks = [CIDR("127.0.0.1/32")!]
        let services = try MonitoringServices(
            fetcher: Fetcher(configuration: configuration),
            warcDirectory: kaiguul.dataDirectory.appendingPathComponent("warc"),
            blobs: BlobStore(root: kaiguul.blobDirectory), collector: "kaiguul-test")
        useMonitoring(services)
        return services
    }
}

/// Reads the record a row points at.
func record(of row: Capture, in services: MonitoringServices, offset: Int? = nil) throws -> (header: WARCRecordHeader, block: Data) {
    let file = services.warcDirectory.appendingPathComponent(row.warcFile ?? "missing")
    return try WARCReader.readRecord(file: file, offset: UInt64(offset ?? row.warcOffset ?? 0), maxBlockBytes: 1 << 20)
}
