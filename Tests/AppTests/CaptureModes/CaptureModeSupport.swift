import Evidence
import Foundation
import KaiguulCore
@testable import Monitor
import SQLKit
import Vapor

@testable import App

/// Values and services the capture-mode tests share. Sites, channels and texts are invented.
enum CaptureModeFixtures {
    /// A real 8×6 RGB PNG (the image decoder's own fuzz seed), so pictures can be drawn from it.
    static var png: [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("FuzzRegressionTests/Inputs/png/seed-rgb.png")
        return [UInt8]((try? Data(contentsOf: url)) ?? Data())
    }

    static func exchange(_ url: String, status: Int = 200, type: String = "text/html; charset=utf-8",
                         body: String) -> HTTPExchange {
        let headers = [(name: "Content-Type", value: type), (name: "Content-Length", value: String(body.utf8.count))]
        let head = "HTTP/1.1 \(status) OK\r\n" + headers.map { "\($0.name): \($0.value)\r\n" }.joined() + "\r\n"
        let requestHeaders = [(name: "Host", value: URLComponents(string: url)?.host ?? "localhost")]
        let requestHead = "GET \(CaptureRecorder.requestTarget(url)) HTTP/1.1\r\nHost: \(requestHeaders[0].value)\r\n\r\n"
        return HTTPExchange(
            url: url, remoteAddress: "127.0.0.1", proxy: nil, requestHead: Array(requestHead.utf8),
            requestHeaders: requestHeaders, status: status, reasonPhrase: "OK", httpVersion: "HTTP/1.1",
            responseHeaders: headers, responseHead: Array(head.utf8), rawBody: Array(body.utf8), body: Array(body.utf8),
            truncation: nil, decodingLimit: nil,
            timings: FetchTimings(started: Date(), resolution: .zero, toHeaders: .milliseconds(3), total: .milliseconds(5)))
    }

    /// What the browser would hand over for a page whose text a script wrote: the served HTML is empty,
    /// the DOM holds the text, with a screenshot and a thumbnail.
    static func browserPage(_ url: String, text: String, links: [String] = []) -> BrowserCaptureResult {
        var result = BrowserCaptureResult(requestedURL: url, started: Date(), browserVersion: "Chromium/131.0.6778.85")
        result.exchanges = [exchange(url, body: "<html><head><title>Lantern</title></head><body><main id=m></main>"
                                     + "<script src=/app.js></script></body></html>")]
        result.pageIndex = 0
        result.finalURL = url
        let anchors = links.map { "<a href=\"\($0)\">more</a>" }.joined()
        result.dom = Array("<html><head><title>Lantern</title></head><body><main id=m><p>\(text)</p>\(anchors)</main></body></html>".utf8)
        result.title = "Lantern"
        result.screenshot = BrowserScreenshot(png: png, width: 8, height: 6, pageHeight: 6)
        result.thumbnail = BrowserScreenshot(png: png, width: 8, height: 6, pageHeight: 6)
        return result
    }

    /// What yt-dlp would hand over for one post: info JSON, the files in a folder of their own.
    static func videoPost(_ url: String, id: String, title: String, description: String, subtitle: String,
                          in folder: URL) throws -> VideoCaptureResult {
        let directory = folder.appendingPathComponent("ytdlp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let video = directory.appendingPathComponent("video.mp4")
        try Data((0..<4_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }).write(to: video)
        let thumbnail = directory.appendingPathComponent("thumbnail.png")
        try Data(png).write(to: thumbnail)
        let vtt = directory.appendingPathComponent("subtitles.ky.vtt")
        try Data("WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.500\n<c>\(subtitle)</c>\n\n00:00:02.500 --> 00:00:04.000\n\(subtitle)\n".utf8)
            .write(to: vtt)
        let json: [String: Any] = [
            "id": id, "extractor_key": "Youtube", "title": title, "description": description,
            "uploader": "Kara Tuman Studio", "uploader_id": "@kara_tuman_demo", "webpage_url": url,
            "duration": 125, "view_count": 4321, "like_count": 17, "comment_count": 3, "timestamp": 1_700_000_000,
            "subtitles": ["ky": [["ext": "vtt"]]],
        ]
        var result = VideoCaptureResult(requestedURL: url, started: Date())
        result.toolVersion = "yt-dlp 2025.01.15"
        result.infoJSON = [UInt8](try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]))
        var info = VideoInfo(id: id, extractor: "Youtube")
        info.title = title
        info.description = description
        info.uploader = "Kara Tuman Studio"
        info.uploaderID = "@kara_tuman_demo"
        info.webpageURL = url
        info.duration = 125
        info.viewCount = 4321
        info.subtitleLanguages = ["ky"]
        result.info = info
        result.video = VideoFile(file: video, sourceURL: "https://media.example/\(id).mp4", mediaType: "video/mp4", size: 4_000)
        result.thumbnail = VideoFile(file: thumbnail, sourceURL: "https://img.example/\(id).png", mediaType: "image/png",
                                     size: png.count)
        result.subtitles = [VideoSubtitle(language: "ky", automatic: false,
                                          file: VideoFile(file: vtt, sourceURL: "https://subs.example/\(id).ky.vtt",
                                                          mediaType: "text/vtt", size: 100),
                                          text: subtitle)]
        result.directory = directory
        return result
    }
}

extension Application {
    /// Monitoring services that write WARC and blobs into the test's folder; nothing is fetched.
    @discardableResult
    func useCaptureModeServices(analyze: Bool = false) throws -> MonitoringServices {
        var configuration = FetcherConfiguration()
        configuration.allowedNetworks = [CIDR("127.0.0.1/32")!]
        let services = try MonitoringServices(
            fetcher: Fetcher(configuration: configuration),
            warcDirectory: kaiguul.dataDirectory.appendingPathComponent("warc"),
            blobs: BlobStore(root: kaiguul.blobDirectory),
            analyzers: analyze ? MonitoringServices.registryAnalyzers(app: self, blobs: try BlobStore(root: kaiguul.blobDirectory)) : [],
            collector: "kaiguul-test")
        useMonitoring(services)
        return services
    }

    /// An item of `sourceID` read from the capture `captureID`, as the pipeline stores one.
    func makeCapturedItem(sourceID: Int, captureID: Int?, key: String, title: String, text: String) async throws -> Int {
        let item = Item()
        item.sourceID = sourceID
        item.captureID = captureID
        item.itemKey = key
        item.title = title
        item.text = text
        item.media = "[]"
        item.version = 1
        try await item.create(on: db)
        return try item.requireID()
    }
}

/// A `signals` row as the tests read it (the table has no model: the pipeline writes it in batches).
struct StoredSignal: Decodable {
    var kind: String
    var details: String
}

extension Application {
    func signals(ofItem itemID: Int) async throws -> [StoredSignal] {
        guard let sql = db as? any SQLDatabase else { return [] }
        return try await sql.raw("SELECT kind, details FROM signals WHERE item_id = \(bind: itemID) ORDER BY id")
            .all(decoding: StoredSignal.self)
    }
}
