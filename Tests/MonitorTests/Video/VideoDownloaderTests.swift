import Foundation
import LoopbackHTTP
import MediaMatch
import Testing

@testable import Monitor

/// yt-dlp's generic extractor on loopback pages, through the guard proxy: a `<video>` whose file ffmpeg made
/// here, its poster and its subtitles; the limits; a redirect to a private address.
@Suite(.serialized) struct VideoDownloaderTests {
    struct Site {
        let clip: [UInt8]
        let poster: [UInt8]
        let clipFile: URL
    }

    static let subtitles = """
        WEBVTT

        00:00:00.000 --> 00:00:02.000
        <v Narrator>Тоолордогу таң</v> — ойдон чыгарылган сөздөр

        00:00:02.000 --> 00:00:04.000
        Экинчи сап
        """

    static func page(video: String, poster: String? = nil, track: Bool = false) -> String {
        """
        <!doctype html><html><head><meta charset="utf-8"><title>Ойдон чыгарылган видео</title>
        <meta property="og:description" content="Fictional Dawn Collective, an invented description"></head>
        <body><video src="\(video)"\(poster.map { " poster=\"\($0)\"" } ?? "") controls>\
        \(track ? "<track kind=\"subtitles\" src=\"subs.vtt\" srclang=\"ky\" label=\"Кыргызча\">" : "")</video>
        </body></html>
        """
    }

    func withSite(_ body: (LoopbackServer, Site) async throws -> Void) async throws {
        let work = VideoTestSupport.temporaryDirectory("video-site")
        defer { try? FileManager.default.removeItem(at: work) }
        let clipFile = try VideoTestSupport.makeClip(in: work)
        let site = Site(clip: Array(try Data(contentsOf: clipFile)),
                        poster: Array(try Data(contentsOf: try VideoTestSupport.makePoster(in: work))),
                        clipFile: clipFile)
        let portBox = PortBox()
        let server = try await LoopbackServer.start { request in
            switch request.path {
            case "/page.html": .ok(Self.page(video: "clip.mp4", poster: "poster.jpg", track: true))
            case "/plain.html": .ok(Self.page(video: "clip.mp4"))
            case "/moved.html": .ok(Self.page(video: "moved.mp4"))
            case "/slow.html": .ok(Self.page(video: "slow.mp4"))
            case "/clip.mp4": .ok(site.clip, type: "video/mp4")
            case "/poster.jpg": .ok(site.poster, type: "image/jpeg")
            case "/subs.vtt": .ok(Self.subtitles, type: "text/vtt")
            case "/moved.mp4": .redirect("http://127.0.0.2:\(portBox.port)/clip.mp4")
            case "/slow.mp4":
                LoopbackServer.Reply(headers: [("Content-Type", "video/mp4"), ("Content-Length", "100000")],
                                     body: .drip(interval: .milliseconds(100), count: 100_000))
            default: .notFound
            }
        }
        portBox.port = server.port
        do {
            try await body(server, site)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test func capturesAPageVideoThroughTheGuardAndItMatchesTheBank() async throws {
        let downloader = VideoDownloader(configuration: try VideoTestSupport.configuration())
        try await withSite { server, site in
            try await VideoTestSupport.withGuardProxy { proxy in
                let directory = VideoTestSupport.temporaryDirectory("video-capture")
                defer { try? FileManager.default.removeItem(at: directory) }
                let result = await downloader.capture(server.url("/page.html"), through: proxy, into: directory)

                #expect(result.failure == nil, "\(String(describing: result.failure))")
                #expect(result.directory == directory)
                #expect(result.toolVersion == "yt-dlp 2025.11.12")
                #expect(result.refusals.isEmpty)
                let info = try #require(result.info)
                // The HTML5 embed extractor numbers the videos of a page in their titles.
                #expect(info.title == "Ойдон чыгарылган видео (1)")
                #expect(info.description == "Fictional Dawn Collective, an invented description")
                #expect(info.webpageURL == server.url("/page.html"))
                #expect(info.subtitleLanguages == ["ky"])
                let json = try #require(result.infoJSON)
                #expect(VideoInfo.parse(infoJSON: json) == info)

                let video = try #require(result.video)
                #expect(video.file.deletingLastPathComponent().path == directory.path)
                #expect(video.sourceURL == server.url("/clip.mp4"))
                #expect(video.mediaType == "video/mp4" && video.size == site.clip.count)
                #expect(Array(try Data(contentsOf: video.file)) == site.clip)

                let thumbnail = try #require(result.thumbnail)
                #expect(thumbnail.sourceURL == server.url("/poster.jpg"))
                #expect(thumbnail.mediaType == "image/jpeg")
                #expect(Array(try Data(contentsOf: thumbnail.file)) == site.poster)

                let subtitle = try #require(result.subtitles.first)
                #expect(result.subtitles.count == 1)
                #expect(subtitle.language == "ky" && !subtitle.automatic)
                #expect(subtitle.file.sourceURL == server.url("/subs.vtt") && subtitle.file.mediaType == "text/vtt")
                #expect(subtitle.text == "Тоолордогу таң — ойдон чыгарылган сөздөр\nЭкинчи сап")

                // Only the files the result names, nothing half-written.
                let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
                #expect(names == ["info.info.json", "subtitles.ky.vtt", "thumbnail.jpg", "video.mp4"])

                // Everything went through the proxy: the site saw the page, the poster, the track and the clip.
                let paths = Set(server.requests.map(\.path))
                #expect(paths.isSuperset(of: ["/page.html", "/poster.jpg", "/subs.vtt", "/clip.mp4"]))

                // The frames of what was captured match the bank entry made from the clip, and not another video.
                let hasher = VideoHasher()
                let banked = BankedVideo(label: "fictional clip", source: "test", frames: try hasher.hash(fileAt: site.clipFile))
                let frames = try hasher.hash(fileAt: video.file)
                let matches = VideoMatcher(videos: [banked]).matches(frames)
                #expect(matches.map(\.video.label) == ["fictional clip"])
                #expect((matches.first?.comparison.bankedMatchedPercent ?? 0) >= 99)
                let otherWork = VideoTestSupport.temporaryDirectory("video-other")
                defer { try? FileManager.default.removeItem(at: otherWork) }
                let other = try VideoTestSupport.makeOtherClip(in: otherWork)
                let unrelated = BankedVideo(label: "unrelated", source: "test", frames: try hasher.hash(fileAt: other))
                #expect(VideoMatcher(videos: [unrelated]).matches(frames).isEmpty)
            }
        }
    }

    /// The video redirects to 127.0.0.2: the guard refuses the hop, the metadata stays, the failure says so.
    @Test func aRedirectToAPrivateAddressIsRefused() async throws {
        let downloader = VideoDownloader(configuration: try VideoTestSupport.configuration())
        try await withSite { server, _ in
            try await VideoTestSupport.withGuardProxy { proxy in
                let directory = VideoTestSupport.temporaryDirectory("video-refused")
                defer { try? FileManager.default.removeItem(at: directory) }
                let result = await downloader.capture(server.url("/moved.html"), through: proxy, into: directory)
                #expect(result.info?.title == "Ойдон чыгарылган видео (1)")
                #expect(result.video == nil)
                let failure = try #require(result.failure)
                #expect(failure.kind == .refused, "\(failure)")
                #expect(failure.message.contains("403"))
                #expect(result.refusals.contains { $0.host == "127.0.0.2" && $0.port == server.port })
                #expect(!server.requests.contains { $0.path.hasSuffix("/clip.mp4") })
                let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                #expect(!names.contains { $0.hasPrefix("video.") })
            }
        }
    }

    /// A page on a refused address: nothing fetched, no info, a refusal.
    @Test func aPageOnAPrivateAddressIsRefused() async throws {
        let downloader = VideoDownloader(configuration: try VideoTestSupport.configuration())
        try await withSite { server, _ in
            try await VideoTestSupport.withGuardProxy { proxy in
                let directory = VideoTestSupport.temporaryDirectory("video-refused-page")
                defer { try? FileManager.default.removeItem(at: directory) }
                let result = await downloader.capture("http://127.0.0.2:\(server.port)/page.html", through: proxy,
                                                      into: directory)
                #expect(result.info == nil && result.video == nil)
                #expect(result.failure?.kind == .refused)
                #expect(result.refusals.first?.host == "127.0.0.2")
                #expect(server.requests.isEmpty)
            }
        }
    }

    /// yt-dlp never goes around the proxy, not even to loopback: with a dead proxy nothing reaches the site.
    @Test func nothingIsFetchedWithoutTheProxy() async throws {
        let downloader = VideoDownloader(configuration: try VideoTestSupport.configuration())
        try await withSite { server, _ in
            let directory = VideoTestSupport.temporaryDirectory("video-no-proxy")
            defer { try? FileManager.default.removeItem(at: directory) }
            let result = await downloader.capture(server.url("/page.html"), proxyURL: "http://127.0.0.1:9",
                                                  refusals: { [] }, into: directory)
            #expect(result.info == nil && result.failure != nil)
            #expect(server.requests.isEmpty)
        }
    }

    /// Over `KAIGUUL_VIDEO_MAX_MB`: the metadata is kept, the file is not, the failure says why.
    @Test func aVideoOverTheSizeLimitKeepsItsMetadataOnly() async throws {
        var configuration = try VideoTestSupport.configuration()
        configuration.maximumVideoBytes = 1_000
        let downloader = VideoDownloader(configuration: configuration)
        try await withSite { server, _ in
            try await VideoTestSupport.withGuardProxy { proxy in
                let directory = VideoTestSupport.temporaryDirectory("video-too-big")
                defer { try? FileManager.default.removeItem(at: directory) }
                let result = await downloader.capture(server.url("/plain.html"), through: proxy, into: directory)
                #expect(result.info != nil && result.infoJSON != nil)
                #expect(result.video == nil)
                #expect(result.failure?.kind == .tooLarge, "\(String(describing: result.failure))")
                #expect(result.failure?.message.contains("max-filesize") == true)
            }
        }
    }

    /// A server that sends the file a byte at a time: yt-dlp is stopped at the time limit, with its children.
    @Test func aDownloadThatNeverEndsIsStopped() async throws {
        var configuration = try VideoTestSupport.configuration()
        configuration.downloadTimeout = .seconds(4)
        let downloader = VideoDownloader(configuration: configuration)
        try await withSite { server, _ in
            try await VideoTestSupport.withGuardProxy { proxy in
                let directory = VideoTestSupport.temporaryDirectory("video-slow")
                defer { try? FileManager.default.removeItem(at: directory) }
                let started = ContinuousClock.now
                let result = await downloader.capture(server.url("/slow.html"), through: proxy, into: directory)
                #expect(ContinuousClock.now - started < .seconds(60))
                #expect(result.info != nil && result.video == nil)
                #expect(result.failure?.kind == .timeout, "\(String(describing: result.failure))")
                let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                #expect(!names.contains { $0.hasPrefix("video.") }, "\(names)")
            }
        }
    }

    @Test func aMissingToolIsSaidSo() async throws {
        var configuration = VideoConfiguration(ytdlp: nil)
        configuration.subtitleLanguages = ["ky"]
        let result = await VideoDownloader(configuration: configuration).capture(
            "https://www.youtube.com/watch?v=Xq3vN0tD7kA", proxyURL: "http://127.0.0.1:9", refusals: { [] },
            into: VideoTestSupport.temporaryDirectory("video-missing"))
        #expect(result.failure?.kind == .toolMissing)
        #expect(await VideoDownloader(configuration: configuration).version() == nil)
        let notWeb = await VideoDownloader(configuration: try VideoTestSupport.configuration()).capture(
            "file:///etc/passwd", proxyURL: "http://127.0.0.1:9", refusals: { [] },
            into: VideoTestSupport.temporaryDirectory("video-file"))
        #expect(notWeb.failure?.kind == .unsupported && notWeb.info == nil)
    }

    /// A listing of a page with one video is that video, read without downloading it.
    @Test func listsThroughTheGuard() async throws {
        let downloader = VideoDownloader(configuration: try VideoTestSupport.configuration())
        try await withSite { server, _ in
            try await VideoTestSupport.withGuardProxy { proxy in
                let listed = await downloader.list(server.url("/page.html"), limit: 5, through: proxy)
                let entries = try listed.get()
                #expect(entries.count == 1)
                #expect(entries.first?.title == "Ойдон чыгарылган видео (1)")
                #expect(!server.requests.contains { $0.path == "/clip.mp4" })
                let refused = await downloader.list("http://127.0.0.2:\(server.port)/page.html", limit: 5,
                                                    through: proxy)
                #expect(throws: VideoFailure.self) { try refused.get() }
                if case .failure(let failure) = refused { #expect(failure.kind == .refused) }
            }
        }
    }
}

/// The loopback server's port, known only after the routes are made.
private final class PortBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    var port: Int {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}
