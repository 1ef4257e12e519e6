import Crypto
import Evidence
import Fluent
import Foundation
import Testing
import Vapor

@testable import App
@testable import Monitor

/// What the browser saw becomes records and rows: each exchange a request/response/metadata triple,
/// the DOM and the screenshots resource records tied to the page's response, refusals and failed
/// requests rows without records, every row in browser mode.
@Suite(.serialized) struct BrowserRecordTests {
    @Test func aBrowserPageBecomesRecordsAndRowsTiedToItsResponse() async throws {
        try await withApp { app in
            // setup
            let services = try app.useRecorderTestMonitoring()
            let recorder = CaptureRecorder(source: nil, job: nil, services: services, app: app)
            let result = CaptureValues.browserPage()

            // MUT
            let recorded = try await recorder.record(result, role: "archive", parentCaptureID: nil)

            // validate
            let rows = try await Capture.query(on: app.db).sort(\.$id).all()
            #expect(rows.compactMap(\.id) == recorded.captureIDs.sorted())
            #expect(rows.allSatisfy { $0.captureMode == "browser" })
            let page = try #require(rows.first { $0.id == recorded.pageCaptureID })
            #expect(page.url == "\(CaptureValues.site)/page")
            #expect(page.role == "archive")
            #expect(page.parentCaptureID == nil)
            let hop = try #require(rows.first { $0.url == "\(CaptureValues.site)/start" })
            #expect(hop.role == "archive", "the redirect hop of the document keeps the caller's role")
            #expect(hop.httpStatus == 302)
            for url in ["\(CaptureValues.site)/app.js", "\(CaptureValues.site)/api/text"] {
                let row = try #require(rows.first { $0.url == url })
                #expect(row.role == "subresource")
                #expect(row.parentCaptureID == page.id)
                #expect(row.requestOffset != nil && row.warcFile != nil)
            }

            // The screenshot: a resource record concurrent to the page's response, and a blob.
            let shot = try #require(rows.first { $0.id == recorded.screenshotCaptureID })
            #expect(shot.role == "screenshot")
            #expect(shot.parentCaptureID == page.id)
            #expect(shot.truncated == "screenshotHeight", "2000 of 2600 pixels were kept")
            let png = try #require(result.screenshot?.png)
            let sha = SHA256.hash(data: Data(png)).map { String(format: "%02x", $0) }.joined()
            #expect(recorded.screenshotSHA256 == sha)
            #expect(shot.payloadSHA256 == sha)
            #expect(try services.blobs.read(sha, maxBytes: 1 << 20) == Data(png))
            let (shotHeader, shotBlock) = try record(of: shot, in: services)
            #expect(shotHeader.typeName == "resource")
            #expect(shotHeader.targetURI == "urn:fullPage:\(CaptureValues.site)/page")
            #expect(shotHeader.contentType == "image/png")
            #expect(shotHeader.fields.all("WARC-Concurrent-To") == [try #require(page.recordID)])
            #expect(shotBlock == Data(png))
            #expect(shot.recordDigests?.contains("\"resource\":\"\(shotHeader.fields["WARC-Block-Digest"] ?? "-")\"") == true)
            let (shotMeta, shotFields) = try record(of: shot, in: services, offset: shot.metadataOffset)
            #expect(shotMeta.typeName == "metadata")
            #expect(shotMeta.fields["WARC-Concurrent-To"] == shotHeader.recordID)
            #expect(String(decoding: shotFields, as: UTF8.self).contains("pageHeight: 2600"))

            for (id, role, uri) in [
                (recorded.thumbnailCaptureID, "thumbnail", "urn:thumbnail:"), (recorded.domCaptureID, "dom", "urn:dom:"),
            ] {
                let row = try #require(rows.first { $0.id == id })
                #expect(row.role == role)
                let (header, _) = try record(of: row, in: services)
                #expect(header.typeName == "resource")
                #expect(header.targetURI == "\(uri)\(CaptureValues.site)/page")
                #expect(header.fields.all("WARC-Concurrent-To") == [try #require(page.recordID)])
            }
            let dom = try #require(rows.first { $0.id == recorded.domCaptureID })
            #expect(try record(of: dom, in: services).block == Data(try #require(result.dom)))

            // The page's metadata says how it was made, what was refused, the limits reached.
            let (_, pageFields) = try record(of: page, in: services, offset: page.metadataOffset)
            let fields = String(decoding: pageFields, as: UTF8.self)
            #expect(fields.contains("browser: Chromium/131.0.6778.85"))
            #expect(fields.contains("captureMode: browser"))
            #expect(fields.contains("limitReached: requests"))
            #expect(fields.contains("refused: 127.0.0.2:9 [127.0.0.2] loopback address"))
            #expect(fields.contains("failedRequest: http://127.0.0.2:9/secret net::ERR_TUNNEL_CONNECTION_FAILED"))
            let xhr = try #require(rows.first { $0.url == "\(CaptureValues.site)/api/text" })
            let (_, xhrFields) = try record(of: xhr, in: services, offset: xhr.metadataOffset)
            #expect(String(decoding: xhrFields, as: UTF8.self).contains("originalContentEncoding: gzip"))
            #expect(try record(of: xhr, in: services).block.range(of: Data("Order of the Lantern".utf8)) != nil)

            // Refused and failed requests: rows with their error and no record.
            let refused = try #require(rows.first { $0.url == "http://127.0.0.2:9/secret" })
            #expect(refused.warcFile == nil && refused.recordID == nil)
            #expect(refused.role == "subresource" && refused.parentCaptureID == page.id)
            #expect(refused.error?.hasPrefix("refused by the address guard: loopback address [127.0.0.2]") == true)
            #expect(refused.error?.contains("net::ERR_TUNNEL_CONNECTION_FAILED") == true)
            let tunnel = try #require(rows.first { $0.url == "10.1.2.3:443" })
            #expect(tunnel.warcFile == nil)
            #expect(tunnel.error == "refused by the address guard: private address [10.1.2.3]")
            #expect(rows.count == 9, "4 exchanges, 2 refusal rows, screenshot, thumbnail, DOM")
            #expect(await recorder.captureIDs == recorded.captureIDs)

            // The records pass the conformance check with digests recomputed (and warcio and cdxj-indexer
            // in `make test`, which read the samples).
            let files = Set(rows.compactMap(\.warcFile)).map { services.warcDirectory.appendingPathComponent($0) }
            for file in files {
                let problems = WARCConformance.check(file: file, options: .kaiguul).filter { $0.severity == .error }
                #expect(problems.isEmpty, "\(problems)")
            }
            try await services.warc.close()
            EvidenceSamples.keep(files, prefix: "browser-record")
        }
    }

    @Test func aDocumentThatNeverLoadedIsOneRowWithTheReasonAndNoRecord() async throws {
        try await withApp { app in
            // setup
            let services = try app.useRecorderTestMonitoring()
            let recorder = CaptureRecorder(source: nil, job: nil, services: services, app: app)
            var result = BrowserCaptureResult(
                requestedURL: "\(CaptureValues.site)/go", started: Date(), browserVersion: "Chromium/131")
            // A redirect to a private address: the hop is recorded, the target is refused.
            result.exchanges = [CaptureValues.exchange(
                "\(CaptureValues.site)/go", status: 302, type: nil,
                headers: [(name: "Location", value: "http://10.0.0.7/admin")])]
            result.failures = [BrowserRequestFailure(url: "http://10.0.0.7/admin", reason: "net::ERR_TUNNEL_CONNECTION_FAILED")]
            result.refusals = [ProxyRefusal(host: "10.0.0.7", port: 80, url: "http://10.0.0.7/admin",
                                            address: "10.0.0.7", reason: "private address")]
            result.failure = "the document was refused"

            // MUT
            let recorded = try await recorder.record(result, role: "page", parentCaptureID: nil)

            // validate
            #expect(recorded.pageCaptureID == nil)
            #expect(recorded.screenshotCaptureID == nil)
            let rows = try await Capture.query(on: app.db).sort(\.$id).all()
            #expect(rows.count == 2, "the hop and the refused document, no separate failure row")
            let hop = try #require(rows.first { $0.url == "\(CaptureValues.site)/go" })
            #expect(hop.role == "page" && hop.httpStatus == 302 && hop.warcFile != nil)
            let document = try #require(rows.first { $0.url == "http://10.0.0.7/admin" })
            #expect(document.role == "page")
            #expect(document.warcFile == nil && document.httpStatus == nil)
            #expect(document.error?.contains("the document was refused") == true)
            #expect(document.error?.contains("refused by the address guard: private address [10.0.0.7]") == true)
            #expect(rows.allSatisfy { $0.captureMode == "browser" })
        }
    }

    @Test func anHTTPFetchRowIsMarkedHTTP() async throws {
        let server = try await SiteServer.start { path in path == "/p" ? .ok("<p>Invented.</p>") : .notFound }
        defer { Task { await server.stop() } }
        try await withApp { app in
            let services = try app.useTestMonitoring(server: server)
            let recorder = CaptureRecorder(source: nil, job: nil, services: services, app: app)
            let fetched = await services.fetcher.fetch(server.url("/p"))
            let recorded = try await recorder.record(fetched, role: "archive")
            let row = try #require(try await Capture.find(recorded.finalCaptureID, on: app.db))
            #expect(row.captureMode == "http")
        }
    }
}
