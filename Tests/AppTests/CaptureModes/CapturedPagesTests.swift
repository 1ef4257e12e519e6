import Fluent
import Foundation
import KaiguulCore
import Monitor
import Testing
import Vapor

@testable import App

/// The item page and the case page show what a browser or video capture kept: the screenshot (a picture
/// we drew, linking to the PNG as stored), a video's metadata, file and subtitles, or why it failed.
@Suite("Captured screenshots and videos on the item and case pages") struct CapturedPagesTests {
    @Test func aBrowserItemShowsItsScreenshotOnTheItemAndCasePages() async throws {
        try await withApp { app in
            // setup
            let services = try app.useCaptureModeServices()
            let recorder = CaptureRecorder(source: nil, job: nil, services: services, app: app)
            let recorded = try await recorder.record(
                CaptureModeFixtures.browserPage("http://kaiguul-test.example/page", text: "Invented slogan"),
                role: "page", parentCaptureID: nil)
            let shotID = try #require(recorded.screenshotCaptureID)
            let thumbID = try #require(recorded.thumbnailCaptureID)
            let sourceID = try await app.makeSource(.website, "http://kaiguul-test.example/page")
            let itemID = try await app.makeCapturedItem(sourceID: sourceID, captureID: recorded.pageCaptureID,
                                                        key: "url:http://kaiguul-test.example/page", title: "Lantern",
                                                        text: "Invented slogan")
            try await app.makeUser("alice", role: .analyst)
            let browser = Browser(app)
            try await browser.login("alice", language: "en")

            // MUT
            let page = try await browser.get("/items/\(itemID)")

            // validate
            #expect(page.status == .ok)
            #expect(page.body.contains("<img src=\"/captures/\(thumbID)/preview\""))
            #expect(page.body.contains("href=\"/captures/\(shotID)/screenshot\""))
            #expect(page.body.contains("As a reader saw it"))
            #expect(page.body.contains(try #require(recorded.screenshotSHA256)))

            let preview = try await browser.get("/captures/\(thumbID)/preview")
            #expect(preview.status == .ok)
            #expect(preview.headers.contentType == .jpeg)
            #expect(preview.bytes.starts(with: [0xFF, 0xD8]))

            let opened = try await AuditEntry.query(on: app.db).filter(\.$action == "capture.open").count()
            let full = try await browser.get("/captures/\(shotID)/screenshot")
            #expect(full.status == .ok)
            #expect(full.headers.contentType == .png)
            #expect([UInt8](full.bytes) == CaptureModeFixtures.png)
            #expect(full.headers.first(name: "Content-Security-Policy")?.contains("sandbox") == true)
            let custody = try await AuditEntry.query(on: app.db).filter(\.$action == "capture.open").all()
            #expect(custody.count == opened + 1)
            #expect(custody.last?.objectID == String(shotID))

            // The page's own row is no screenshot, and a DOM is not a picture.
            #expect(try await browser.get("/captures/\(try #require(recorded.pageCaptureID))/screenshot").status == .notFound)
            #expect(try await browser.get("/captures/\(try #require(recorded.domCaptureID))/preview").status == .notFound)
            // The DOM is a resource record with no HTTP response: the archived-page view does not open it,
            // while the page's own response opens there as before.
            let domID = try #require(recorded.domCaptureID)
            #expect(try await browser.get("/captures/\(domID)/archived").status == .notFound)
            #expect(try await browser.get("/captures/\(domID)/archived/content").status == .notFound)
            #expect(try await browser.get("/captures/\(try #require(recorded.pageCaptureID))/archived").status == .ok)

            // The case holding the item shows the same picture under its evidence.
            let api = APIClient(app: app, token: try await app.makeToken(for: try await app.makeUser("bob", role: .analyst)))
            let created = try await api.send(.POST, "/cases", json: #"{"title":"Lantern page","target":"kaiguul-test.example"}"#)
            let caseID = try #require(created.json["id"] as? Int)
            let held = CaseEvidence()
            held.caseID = caseID; held.kind = "item"; held.note = ""; held.itemID = itemID; held.addedAt = Date()
            try await held.save(on: app.db)
            let casePage = try await browser.get("/cases/\(caseID)")
            #expect(casePage.status == .ok)
            #expect(casePage.body.contains("<section id=\"captured\">"))
            #expect(casePage.body.contains("<img src=\"/captures/\(thumbID)/preview\""))
        }
    }

    @Test func aRoleThatMayNotSeeCapturesGetsNoScreenshot() async throws {
        try await withApp { app in
            // setup
            let services = try app.useCaptureModeServices()
            let recorder = CaptureRecorder(source: nil, job: nil, services: services, app: app)
            let recorded = try await recorder.record(
                CaptureModeFixtures.browserPage("http://kaiguul-test.example/page", text: "Invented slogan"),
                role: "page", parentCaptureID: nil)
            let shotID = try #require(recorded.screenshotCaptureID)
            try await app.makeUser("vera", role: .volunteer)
            let browser = Browser(app)
            try await browser.login("vera")
            // MUT
            let full = try await browser.get("/captures/\(shotID)/screenshot")
            let preview = try await browser.get("/captures/\(shotID)/preview")
            // validate
            #expect(full.status == .forbidden)
            #expect(preview.status == .forbidden)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "capture.open").count() == 0)
        }
    }

    @Test func aVideoItemShowsItsMetadataFileAndSubtitles() async throws {
        try await withApp { app in
            // setup
            let services = try app.useCaptureModeServices()
            let recorder = CaptureRecorder(source: nil, job: nil, services: services, app: app)
            let post = "https://www.youtube.com/watch?v=inv3nted01"
            let result = try CaptureModeFixtures.videoPost(
                post, id: "inv3nted01", title: "Invented clip", description: "An invented <b>call</b> of the Lantern",
                subtitle: "Invented words of the Lantern", in: app.kaiguul.dataDirectory)
            let recorded = try await recorder.record(result, role: "page", parentCaptureID: nil)
            let videoID = try #require(recorded.videoCaptureID)
            let sourceID = try await app.makeSource(.youtube, "https://www.youtube.com/@kara_tuman_demo")
            let itemID = try await app.makeCapturedItem(sourceID: sourceID, captureID: recorded.infoCaptureID,
                                                        key: "id:inv3nted01", title: "Invented clip", text: "")
            try await app.makeUser("alice", role: .analyst)
            let browser = Browser(app)
            try await browser.login("alice", language: "en")

            // MUT
            let page = try await browser.get("/items/\(itemID)")

            // validate
            #expect(page.status == .ok)
            #expect(page.body.contains("<dt>Uploaded by</dt><dd>Kara Tuman Studio</dd>"))
            #expect(page.body.contains("<dt>Duration</dt><dd>2 min 5 s</dd>"))
            #expect(page.body.contains("<dt>Views</dt><dd>4321</dd>"))
            #expect(page.body.contains("An invented &lt;b&gt;call&lt;/b&gt; of the Lantern"))
            #expect(page.body.contains("href=\"/captures/\(videoID)/file\""))
            #expect(page.body.contains("<img src=\"/captures/\(try #require(recorded.thumbnailCaptureID))/preview\""))
            // Subtitles without their timing, markup or repeated lines.
            #expect(page.body.contains("<pre class=\"item-text\">Invented words of the Lantern</pre>"))
            #expect(!page.body.contains("--&gt;"))

            let download = try await browser.get("/captures/\(videoID)/file")
            #expect(download.status == .ok)
            #expect(download.headers.first(name: .contentDisposition)?.hasPrefix("attachment") == true)
            #expect(download.bytes.count == 4_000)
            let custody = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "media.download").first())
            #expect(custody.objectType == "capture" && custody.objectID == String(videoID))
            #expect(custody.details.contains(try #require(recorded.videoSHA256)))
        }
    }

    @Test func aVideoThatCouldNotBeFetchedSaysWhyInTheReadersLanguage() async throws {
        try await withApp { app in
            // setup
            let services = try app.useCaptureModeServices()
            let recorder = CaptureRecorder(source: nil, job: nil, services: services, app: app)
            var result = VideoCaptureResult(requestedURL: "https://www.tiktok.com/@kara_tuman_demo/video/7000000000000000001",
                                            started: Date())
            result.toolVersion = "yt-dlp 2025.01.15"
            result.failure = VideoFailure(kind: .privateVideo,
                                          message: "ERROR: [TikTok] 7000000000000000001: This video is private <script>x()</script>")
            let recorded = try await recorder.record(result, role: "page", parentCaptureID: nil)
            let sourceID = try await app.makeSource(.tiktok, "https://www.tiktok.com/@kara_tuman_demo")
            let itemID = try await app.makeCapturedItem(sourceID: sourceID, captureID: recorded.videoCaptureID,
                                                        key: "id:7000000000000000001", title: "Invented clip", text: "")
            try await app.makeUser("alice", role: .analyst)
            let browser = Browser(app)
            try await browser.login("alice", language: "ru")

            // MUT
            let page = try await browser.get("/items/\(itemID)")

            // validate
            #expect(page.status == .ok)
            #expect(page.body.contains("data-failure=\"private\""))
            #expect(page.body.contains("Видео не удалось снять: видео закрыто (приватное)"))
            #expect(page.body.contains("This video is private &lt;script&gt;x()&lt;/script&gt;"))
            #expect(!page.body.contains("<script>x()"))
            #expect(page.body.contains("Видеофайл не скачан."))
        }
    }
}
