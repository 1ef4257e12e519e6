import Detection
import Evidence
import Fluent
import Foundation
import KaiguulCore
import MediaMatch
import Monitor
import Testing
import Vapor

@testable import App

/// A check of a `browser` source reads the browser's final DOM and keeps the screenshot as the
/// item's media; a check of a `video` source lists the channel, captures each new video once and
/// sends its description and subtitles to the text analysis and its thumbnail and frames to the bank.
/// The browser and yt-dlp are stand-ins here (`CapturePipeline.Tools`): their own tests run them.
@Suite("Capture modes in the pipeline") struct CaptureModePipelineTests {
    static func source(_ app: Application, _ kind: SourceKind, _ address: String, mode: CaptureMode) async throws -> Int {
        let input = try SourceInput.validate(SourceInput.Raw(
            kind: kind.rawValue, address: address, check_interval_minutes: "60", status: "active",
            capture_mode: mode.rawValue))
        return try await SourceStore.create(input, origin: .analyst, actor: .commandLine, app: app)
    }

    /// URLs a stand-in was asked for, in order.
    actor Asked {
        var urls: [String] = []
        func add(_ url: String) { urls.append(url) }
    }

    @Test func aBrowserSourceIsReadFromTheDOMAndItsScreenshotIsMediaOfTheItem() async throws {
        try await withApp { app in
            // setup: the screenshot's file is banked by its SHA-256, so a match proves the media analysis saw it
            try app.useCaptureModeServices(analyze: true)
            let screenshotSHA = sha256Hex(Data(CaptureModeFixtures.png))
            _ = try await MediaBankStore.importFingerprints(
                [try MediaFingerprint(kind: .sha256, value: screenshotSHA, label: "invented poster")], materialID: nil,
                title: "Invented posters", dryRun: false, actor: .commandLine, app: app)
            let sourceID = try await Self.source(app, .website, "http://kaiguul-test.example/", mode: .browser)
            let asked = Asked()
            let browser: @Sendable (String) async -> BrowserCaptureResult = { url in
                await asked.add(url)
                return CaptureModeFixtures.browserPage(url, text: "Invented slogan only a script writes on \(url)",
                                                       links: url.hasSuffix("/") ? ["/second"] : [])
            }

            // MUT
            let report = try await CapturePipeline.Tools.$browser.withValue(browser) {
                try await CapturePipeline.check(sourceID: sourceID, job: nil, app: app)
            }

            // validate
            #expect(await asked.urls == ["http://kaiguul-test.example/", "http://kaiguul-test.example/second"])
            #expect(report.pages == 2 && report.newItems == 2)
            let items = try await Item.query(on: app.db).filter(\.$sourceID == sourceID).sort(\.$id).all()
            #expect(items.count == 2)
            for item in items {
                #expect(item.text.contains("Invented slogan only a script writes"), "the DOM's text, not the served HTML's")
                let media = StoredMedia.decodeList(item.media)
                let shot = try #require(media.first)
                #expect(shot.sha256 == screenshotSHA && shot.contentType == "image/png")
                let row = try #require(try await Capture.find(try #require(shot.captureID), on: app.db))
                #expect(row.role == "screenshot" && row.parentCaptureID == item.captureID)
                let page = try #require(try await Capture.find(try #require(item.captureID), on: app.db))
                #expect(page.role == "page" && page.captureMode == "browser")
                let signals = try await app.signals(ofItem: item.id ?? 0)
                #expect(signals.contains { $0.kind == "exact_sha256" && $0.details.contains(screenshotSHA) })
            }
            let modes = Set(try await Capture.query(on: app.db).all().map { $0.captureMode ?? "none" })
            #expect(modes == ["browser"])
        }
    }

    @Test func aVideoSourceCapturesEachNewVideoOnceAndAnalysesItsWords() async throws {
        try await withApp { app in
            // setup: an indicator the subtitles say, never the title or description
            let f = try TriageFixture(app)
            let org = try await f.organization("Кара Туман Бирлиги")
            let report = RegistryImport.indicators(
                from: Data("organization,indicator,language,mode,weight\n\(org),кара туман,ky,phrase,3\n".utf8))
            _ = try await RegistryImportStore.importIndicators(report.records, actor: .commandLine, app: app)
            try app.useCaptureModeServices(analyze: true)
            let sourceID = try await Self.source(app, .youtube, "https://www.youtube.com/@kara_tuman_demo", mode: .video)
            let listing = ["inv3nted01", "inv3nted02"].map { id -> VideoInfo in
                var info = VideoInfo(id: id, extractor: "Youtube")
                info.title = "Invented clip \(id)"
                info.webpageURL = "https://www.youtube.com/watch?v=\(id)"
                return info
            }
            let listed = Asked()
            let fetched = Asked()
            let folder = app.kaiguul.dataDirectory
            let list: @Sendable (String, Int) async -> Result<[VideoInfo], VideoFailure> = { url, _ in
                await listed.add(url)
                return .success(listing)
            }
            let video: @Sendable (String) async -> VideoCaptureResult = { url in
                await fetched.add(url)
                let id = String(url.suffix(10))
                return (try? CaptureModeFixtures.videoPost(
                    url, id: id, title: "Invented clip \(id)", description: "An invented description",
                    subtitle: "Бул кара туман жөнүндө ойдон чыгарылган сөздөр", in: folder))
                    ?? VideoCaptureResult(requestedURL: url, started: Date())
            }

            // MUT
            let first = try await CapturePipeline.Tools.$listVideos.withValue(list) {
                try await CapturePipeline.Tools.$video.withValue(video) {
                    try await CapturePipeline.check(sourceID: sourceID, job: nil, app: app)
                }
            }

            // validate
            #expect(await listed.urls == ["https://www.youtube.com/@kara_tuman_demo"])
            #expect(await fetched.urls == listing.compactMap(\.webpageURL))
            #expect(first.newItems == 2)
            let items = try await Item.query(on: app.db).filter(\.$sourceID == sourceID).sort(\.$id).all()
            #expect(items.map(\.itemKey) == ["id:inv3nted01", "id:inv3nted02"])
            for item in items {
                #expect(item.text.contains("An invented description"))
                #expect(item.text.contains("кара туман"), "the subtitles' words are the item's text")
                let anchor = try #require(try await Capture.find(try #require(item.captureID), on: app.db))
                #expect(anchor.role == "video-info" && anchor.captureMode == "video")
                let media = StoredMedia.decodeList(item.media)
                #expect(media.map(\.contentType) == ["image/png", "video/mp4"])
                #expect(media.allSatisfy { $0.sha256 != nil && $0.captureID != nil })
                let signals = try await app.signals(ofItem: item.id ?? 0)
                #expect(signals.contains { $0.kind == "indicator" }, "\(signals.map(\.kind))")
            }
            // The files yt-dlp wrote are gone once recorded.
            let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("ytdlp-") }
            #expect(left.isEmpty)

            // A second check lists again and downloads nothing it already keeps.
            let captures = try await Capture.query(on: app.db).count()
            let second = try await CapturePipeline.Tools.$listVideos.withValue(list) {
                try await CapturePipeline.Tools.$video.withValue(video) {
                    try await CapturePipeline.check(sourceID: sourceID, job: nil, app: app)
                }
            }
            #expect(second.newItems == 0 && second.changedItems == 0)
            #expect(await fetched.urls.count == 2)
            #expect(try await Capture.query(on: app.db).count() == captures)
        }
    }

    @Test func aPrivatePostIsRecordedWithYtDlpsWordsAndMakesNoEmptyItem() async throws {
        try await withApp { app in
            // setup
            try app.useCaptureModeServices()
            let post = "https://www.tiktok.com/@kara_tuman_demo/video/7000000000000000001"
            let sourceID = try await Self.source(app, .tiktok, post, mode: .video)
            let message = "ERROR: [TikTok] 7000000000000000001: This video is private"
            let list: @Sendable (String, Int) async -> Result<[VideoInfo], VideoFailure> = { _, _ in
                .failure(VideoFailure(kind: .privateVideo, message: message))
            }
            let video: @Sendable (String) async -> VideoCaptureResult = { url in
                var result = VideoCaptureResult(requestedURL: url, started: Date())
                result.failure = VideoFailure(kind: .privateVideo, message: message)
                return result
            }

            // MUT
            let report = try await CapturePipeline.Tools.$listVideos.withValue(list) {
                try await CapturePipeline.Tools.$video.withValue(video) {
                    try await CapturePipeline.check(sourceID: sourceID, job: nil, app: app)
                }
            }

            // validate
            #expect(report.newItems == 0)
            #expect(try await Item.query(on: app.db).count() == 0)
            let row = try #require(try await Capture.query(on: app.db).filter(\.$role == "video").first())
            #expect(row.error == "private: \(message)")
            #expect(row.url == post && row.sourceID == sourceID && row.captureMode == "video")
            #expect(report.warnings.contains { $0.contains("private") && $0.contains("This video is private") })
        }
    }

    /// A clip made by ffmpeg is banked by the PDQ hash of one of its frames; the captured video's
    /// frames find it, and the signal names the second it was seen at.
    @Test func aVideosFramesAreMatchedAgainstTheBank() async throws {
        try await withApp { app in
            // setup
            try app.useCaptureModeServices(analyze: true)
            let folder = app.kaiguul.dataDirectory.appendingPathComponent("clip-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let clip = folder.appendingPathComponent("clip.mp4")
            let ffmpeg = Process()
            ffmpeg.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            ffmpeg.arguments = ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=duration=3:size=320x240:rate=10",
                                "-pix_fmt", "yuv420p", "-y", clip.path]
            try ffmpeg.run()
            ffmpeg.waitUntilExit()
            try #require(ffmpeg.terminationStatus == 0, "ffmpeg made no clip")
            let frames = try VideoHasher().hash(fileAt: clip)
            let banked = try #require(frames.first { $0.quality >= 50 })
            _ = try await MediaBankStore.importFingerprints(
                [try MediaFingerprint(kind: .pdq, value: banked.hash.hex, label: "invented banned clip")], materialID: nil,
                title: "Invented clips", dryRun: false, actor: .commandLine, app: app)
            let sourceID = try await Self.source(app, .website, "http://kaiguul-test.example/clip", mode: .video)
            let clipBytes = try Data(contentsOf: clip)
            let video: @Sendable (String) async -> VideoCaptureResult = { url in
                var result = VideoCaptureResult(requestedURL: url, started: Date())
                let directory = folder.appendingPathComponent("ytdlp")
                try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                let file = directory.appendingPathComponent("video.mp4")
                try? clipBytes.write(to: file)
                var info = VideoInfo(id: "clip", extractor: "Generic")
                info.title = "Invented clip page"
                info.webpageURL = url
                result.info = info
                result.infoJSON = Array(#"{"id":"clip","extractor_key":"Generic","title":"Invented clip page"}"#.utf8)
                result.video = VideoFile(file: file, sourceURL: "http://kaiguul-test.example/clip.mp4",
                                         mediaType: "video/mp4", size: clipBytes.count)
                result.directory = directory
                return result
            }
            let list: @Sendable (String, Int) async -> Result<[VideoInfo], VideoFailure> = { _, _ in
                .failure(VideoFailure(kind: .unsupported, message: "ERROR: Unsupported URL"))
            }

            // MUT
            _ = try await CapturePipeline.Tools.$listVideos.withValue(list) {
                try await CapturePipeline.Tools.$video.withValue(video) {
                    try await CapturePipeline.check(sourceID: sourceID, job: nil, app: app)
                }
            }

            // validate
            let item = try #require(try await Item.query(on: app.db).filter(\.$sourceID == sourceID).first())
            let signals = try await app.signals(ofItem: item.id ?? 0)
            let pdq = try #require(signals.first { $0.kind == "pdq" })
            #expect(pdq.details.contains("\"banked\":\"\(banked.hash.hex)\""))
            #expect(pdq.details.contains("\"second\":"))
        }
    }
}
