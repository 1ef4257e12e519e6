import Evidence
import Foundation
import Vapor

@testable import App

/// Writes a fictional demo page as the recorder writes a fetch — `request`, `response` and `metadata`
/// records through the process's WARC writer, then the `captures` row pointing at all three — without
/// touching the network. The metadata record says the page was written by the demo, not fetched.
struct DemoPageRecorder {
    let services: MonitoringServices
    let app: Application

    func record(_ url: String, body: [UInt8], type: String, at date: Date = Date(), role: String = "page",
                sourceID: Int?, parent: Int? = nil, source: String, ip: String) async throws -> Capture {
        let target = CaptureRecorder.requestTarget(url)
        let host = URL(string: url)?.host ?? "demo.example"
        let requestHead = "GET \(target) HTTP/1.1\r\nHost: \(host)\r\nUser-Agent: Kaiguul-demo\r\n\r\n"
        let responseHead = "HTTP/1.1 200 OK\r\nContent-Type: \(type)\r\nContent-Length: \(body.count)\r\n\r\n"
        let written = try await services.warc.write(HTTPCapture(
            targetURI: url, date: date, ipAddress: ip,
            request: HTTPRequestHead(target: target, headers: [HTTPField("Host", host),
                                                               HTTPField("User-Agent", "Kaiguul-demo")],
                                     rawHead: Data(requestHead.utf8)),
            response: HTTPResponseHead(status: 200, reason: "OK",
                                       headers: [HTTPField("Content-Type", type),
                                                 HTTPField("Content-Length", String(body.count))],
                                       rawHead: Data(responseHead.utf8)),
            responseBody: .data(Data(body)), source: source,
            extraMetadata: [WARCField("role", role),
                            WARCField("demo", "fictional page written by kaiguul demo, not fetched")]))
        try await services.warc.sync()
        let row = Capture()
        row.sourceID = sourceID
        row.url = url
        row.fetchedAt = date
        row.httpStatus = 200
        row.collector = services.collector + " (demo)"
        row.ip = ip
        row.role = role
        row.contentType = type
        row.parentCaptureID = parent
        row.place(written)
        try await app.write { db in try await row.create(on: db) }
        return row
    }
}
