import Fluent
import Foundation
import KaiguulCore
import Testing

@testable import App

/// A channel read over several pages: Telegram's `?before=ID` paging to the configured depth, and
/// a YouTube channel known only by its handle, read through its page and then its feed.
@Suite(.serialized) struct ChannelPagingTests {
    /// An invented channel's web preview page with messages `newest` down to `oldest`, and the
    /// "load more" anchor Telegram puts above them when older messages exist.
    static func telegramPage(channel: String, newest: Int, oldest: Int) -> String {
        let messages = (oldest...newest).reversed().map { id in
            """
            <div class="tgme_widget_message_wrap js-widget_message_wrap">
              <div class="tgme_widget_message js-widget_message" data-post="\(channel)/\(id)">
                <div class="tgme_widget_message_text js-message_text" dir="auto">Invented bulletin number \(id) of a fictional movement.</div>
                <div class="tgme_widget_message_footer"><span class="tgme_widget_message_views">\(id * 10)</span>
                  <a class="tgme_widget_message_date" href="https://t.me/\(channel)/\(id)"><time datetime="2026-10-\(String(format: "%02d", id % 28 + 1))T08:00:00+00:00">08:00</time></a>
                </div>
              </div>
            </div>
            """
        }.joined(separator: "\n")
        let more = oldest > 1
            ? "<a class=\"tme_messages_more js-messages_more\" data-before=\"\(oldest)\" href=\"/s/\(channel)?before=\(oldest)\"></a>"
            : ""
        return """
            <!DOCTYPE html><html><head><meta property="og:title" content="Invented channel"></head>
            <body><section class="tgme_channel_history js-message_history">\(more)\(messages)</section></body></html>
            """
    }

    /// Thirty messages, ten a page: `/s/NAME`, `?before=21`, `?before=11`.
    static func telegramChannel(_ channel: String) -> SiteServer.Route {
        { path in
            let base = "/ext/t.me/s/\(channel)"
            switch path {
            case base: return .ok(telegramPage(channel: channel, newest: 30, oldest: 21))
            case base + "?before=21": return .ok(telegramPage(channel: channel, newest: 20, oldest: 11))
            case base + "?before=11": return .ok(telegramPage(channel: channel, newest: 10, oldest: 1))
            default: return .notFound
            }
        }
    }

    @Test(arguments: [(depth: 1, messages: 10), (depth: 2, messages: 20), (depth: 3, messages: 30), (depth: 5, messages: 30)])
    func telegramPagesBackToTheConfiguredDepth(depth: Int, messages: Int) async throws {
        let server = try await SiteServer.start(Self.telegramChannel("invented_movement"))
        defer { Task { await server.stop() } }
        try await withApp { app in
            var limits = PipelineLimits()
            limits.channelPages = depth
            limits.mediaPerItem = 0
            try app.useTestMonitoring(server: server, limits: limits)
            let id = try await app.makeSource(.telegram, "https://t.me/invented_movement")

            let report = try await CapturePipeline.check(sourceID: id, job: nil, app: app)

            #expect(report.pages == min(depth, 3))
            #expect(report.newItems == messages)
            let items = try await Item.query(on: app.db).filter(\.$sourceID == id).all()
            let ids = Set(items.compactMap { $0.platformID.flatMap(Int.init) })
            #expect(ids == Set((30 - messages + 1)...30))
            let requested = server.requests.filter { $0.hasPrefix("/ext/t.me/") }
            let expected = ["/ext/t.me/s/invented_movement", "/ext/t.me/s/invented_movement?before=21",
                            "/ext/t.me/s/invented_movement?before=11"].prefix(depth)
            #expect(requested == Array(expected))
            // Every page is its own capture, and each item points at the page it was read from.
            let pages = try await Capture.query(on: app.db).filter(\.$role == "page").all()
            #expect(pages.count == min(depth, 3))
            let pageIDs = Set(pages.compactMap(\.id))
            #expect(items.allSatisfy { $0.captureID.map(pageIDs.contains) == true })
            if depth >= 2, let oldest = items.first(where: { $0.platformID == "11" }) {
                let capture = try #require(try await Capture.find(oldest.captureID, on: app.db))
                #expect(capture.url.hasSuffix("?before=21"))
            }
        }
    }

    @Test func aSecondCheckFindsOnlyNewMessagesAcrossPages() async throws {
        let server = try await SiteServer.start(Self.telegramChannel("invented_movement"))
        defer { Task { await server.stop() } }
        try await withApp { app in
            var limits = PipelineLimits()
            limits.channelPages = 3
            limits.mediaPerItem = 0
            try app.useTestMonitoring(server: server, limits: limits)
            let id = try await app.makeSource(.telegram, "https://t.me/invented_movement")
            _ = try await CapturePipeline.check(sourceID: id, job: nil, app: app)

            // Two new messages arrive at the top; everything shifts down a page.
            server.setRoute { path in
                let base = "/ext/t.me/s/invented_movement"
                switch path {
                case base: return .ok(Self.telegramPage(channel: "invented_movement", newest: 32, oldest: 23))
                case base + "?before=23": return .ok(Self.telegramPage(channel: "invented_movement", newest: 22, oldest: 13))
                case base + "?before=13": return .ok(Self.telegramPage(channel: "invented_movement", newest: 12, oldest: 3))
                default: return .notFound
                }
            }
            let second = try await CapturePipeline.check(sourceID: id, job: nil, app: app)
            #expect(second.newItems == 2)
            #expect(second.changedItems == 0)
            // Messages 1 and 2 fell off the pages read, which is not the same as being deleted.
            #expect(second.goneItems == 0)
        }
    }

    @Test func aYouTubeHandleIsReadThroughItsPageAndThenItsFeed() async throws {
        let feed = try MonitoringFixtures.bytes("feeds/youtube-channel.xml")
        let channelPage = """
            <!DOCTYPE html><html><head><title>Invented channel - YouTube</title>
            <link rel="alternate" type="application/rss+xml" title="RSS"
                  href="https://www.youtube.com/feeds/videos.xml?channel_id=UC9PBzalIcEQCsiIkq36PyUA">
            </head><body><p>An invented channel page.</p></body></html>
            """
        let server = try await SiteServer.start { path in
            switch path {
            case "/ext/www.youtube.com/@inventedchannel": return .ok(channelPage)
            case "/ext/www.youtube.com/feeds/videos.xml?channel_id=UC9PBzalIcEQCsiIkq36PyUA":
                return .ok(feed, type: "application/atom+xml; charset=utf-8")
            default: return .notFound
            }
        }
        defer { Task { await server.stop() } }
        try await withApp { app in
            var limits = PipelineLimits()
            limits.mediaPerItem = 0
            try app.useTestMonitoring(server: server, limits: limits)
            let id = try await app.makeSource(.youtube, "https://www.youtube.com/@InventedChannel")

            let report = try await CapturePipeline.check(sourceID: id, job: nil, app: app)

            #expect(server.requests == ["/ext/www.youtube.com/@inventedchannel",
                                        "/ext/www.youtube.com/feeds/videos.xml?channel_id=UC9PBzalIcEQCsiIkq36PyUA"])
            #expect(report.pages == 2)
            let entries = String(decoding: feed, as: UTF8.self).components(separatedBy: "<entry>").count - 1
            #expect(entries > 0 && report.newItems == entries)
            let videos = try await Item.query(on: app.db).filter(\.$sourceID == id).all()
            #expect(videos.count == entries)
            #expect(videos.allSatisfy { ($0.platformID ?? "").count == 11 && $0.publishedAt != nil })
            // The channel page is evidence too, but it holds no video.
            let captures = try await Capture.query(on: app.db).filter(\.$role == "page").all()
            #expect(captures.count == 2)
        }
    }
}
