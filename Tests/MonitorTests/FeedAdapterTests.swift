import Foundation
import Testing

@testable import Monitor

@Suite struct FeedAdapterTests {
    let adapter = FeedAdapter()

    func read(_ name: String, contentType: String? = "application/xml", url: String = "https://feeds.example.org/feed")
        throws -> AdapterOutput
    {
        adapter.extract(AdapterInput(url: url, contentType: contentType, body: try Fixtures.data("feeds/" + name)))
    }

    func date(_ text: String) -> Date? { FeedDate.parse(text) }

    @Test func russianNewsRSS() throws {
        let output = try read("feed-test-ru.xml")
        #expect(output.sourceTitle == "Аргументы и Факты")
        #expect(output.items.count == 100)
        let first = output.items[0]
        #expect(first.title == "СМИ: собака в Таиланде спасла заживо похороненного младенца")
        #expect(
            first.permalink == "http://www.aif.ru/incidents/smi_sobaka_v_tailande_spasla_zazhivo_pohoronennogo_mladenca"
        )
        #expect(first.published == date("2019-05-18T07:52:50Z"))
        #expect(first.mediaURLs.first == "https://images.aif.ru/017/020/025bc5cb4cc5d0f8347bbb27f5e4d13b.jpg")
        #expect(first.text.contains("Собака спасла заживо похороненного новорожденного ребенка"))
        #expect(
            first.links.contains {
                $0.hasPrefix("https://www.dailymail.co.uk/news/article-7040547/Newborn-baby-buried-alive")
            })
        let last = try #require(output.items.last)
        #expect(last.title == "Турецкий министр раскритиковала отмену льготного режима торговли с США")
        #expect(last.published == date("Fri, 17 May 2019 15:28:36 +0300"))
        #expect(output.items.allSatisfy { $0.published != nil && $0.permalink != nil })
        #expect(output.candidates.contains { $0.identity == "https://dailymail.co.uk" })
        #expect(output.warnings.isEmpty)
    }

    @Test func rdfFeedInLatin1() throws {
        let output = try read("feed-rdf-test.xml", contentType: "application/rdf+xml")
        #expect(output.charset == "windows-1252")
        #expect(output.sourceTitle == "Slashdot")
        #expect(output.items.count == 15)
        let first = output.items[0]
        #expect(first.title == "Google Play Will No Longer Pay To Discover Vulnerabilities In Popular Android Apps")
        #expect(
            first.permalink == "https://tech.slashdot.org/story/24/08/22/2042250/google-play-will-no-longer-pay-"
                + "to-discover-vulnerabilities-in-popular-android-apps?utm_source=rss1.0mainlinkanon&utm_medium=feed")
        #expect(first.authorName == "BeauHD")
        #expect(first.published == date("2024-08-22T21:10:00+00:00"))
        #expect(!first.text.isEmpty)
        #expect(output.items.last?.title == "Top US Oilfield Firm Halliburton Hit By Cyberattack, Source Says")
        #expect(output.items.last?.published == date("2024-08-22T03:30:00+00:00"))
    }

    @Test func atomWithXHTMLContent() throws {
        let output = try read("atom-feed-content.xml", contentType: "application/atom+xml")
        #expect(output.sourceTitle == "GrapheneOS changelog")
        #expect(output.items.count == 20)
        let first = output.items[0]
        #expect(first.platformID == "https://grapheneos.org/releases#2025041100")
        #expect(first.permalink == "https://grapheneos.org/releases#2025041100")
        #expect(first.title == "2025041100")
        #expect(first.published == date("2025-04-11T00:00:00Z"))
        #expect(first.text.hasPrefix("Tags:\n2025041100"))
        #expect(first.links.first == "https://github.com/GrapheneOS/platform_manifest/releases/tag/2025041100")
        #expect(output.items.last?.title == "2025020200")
        let april7 = try #require(output.items.first { $0.title == "2025040700" })
        #expect(april7.text.contains("This is an early April security update release"))
        // GitHub is a shared platform (PlatformTable), not a website to watch: its links are no candidates.
        #expect(!output.candidates.map(\.identity).contains("https://github.com"))
    }

    @Test func atomWithEscapedHTMLContent() throws {
        let output = try read("feed-test-atom-content-html.xml")
        #expect(output.sourceTitle == "Jake Wharton")
        #expect(output.items.count == 1)
        let item = output.items[0]
        #expect(item.permalink == "https://code.cash.app/the-state-of-managing-state-with-compose")
        #expect(item.platformID == "https://jakewharton.com/the-state-of-managing-state-with-compose")
        #expect(item.authorName == nil)
        #expect(item.published == date("2021-11-11T00:00:00+00:00"))
        #expect(
            item.text == "This post was published externally on Cash App Code Blog. Read it at "
                + "https://code.cash.app/the-state-of-managing-state-with-compose.")
        #expect(item.links == ["https://code.cash.app/the-state-of-managing-state-with-compose"])
    }

    @Test func rssWithContentEncoded() throws {
        let output = try read("feed-rss-itsfoss.xml")
        #expect(output.sourceTitle == "It's FOSS")
        #expect(output.items.count == 15)
        let first = output.items[0]
        #expect(first.title == "Good News! Google Chrome on Linux is Getting the Much Awaited Upgrade")
        #expect(first.platformID == "69b3ed721d9a3500018e6733")
        #expect(first.permalink == "https://feed.itsfoss.com/link/24361/17298787/chrome-linux-arm-announcement")
        #expect(first.authorName == "Abhishek Prakash")
        #expect(first.published == date("2026-03-13T12:09:08Z"))
        #expect(first.mediaURLs.first == "https://itsfoss.com/content/images/2026/03/chrome-arm.webp")
        #expect(first.text.hasPrefix("Here is the big news. Google plans to bring its flagship Chrome browser"))
        #expect(first.links.contains("https://blog.chromium.org/2026/03/bringing-chrome-to-arm64-linux-devices.html"))
        #expect(output.items.last?.authorName == "Sourav Rudra")
    }

    @Test func podcastFeedWithNonASCIIText() throws {
        let output = try read("feed-test-charset.xml", contentType: "text/xml")
        #expect(output.sourceTitle == "Lørdagsrådet")
        #expect(output.items.count == 21)
        let first = output.items[0]
        #expect(first.title == "Høydepunkter fra 2022 - nr.11")
        #expect(first.platformID == "l_e6338d4f-2777-43c4-b38d-4f2777e3c4de")
        #expect(first.permalink == nil)
        #expect(first.published == date("Sat, 31 Dec 2022 08:00:00 GMT"))
        #expect(
            first.mediaURLs.first
                == "https://podkast.nrk.no/fil/loerdagsraadet/23ee45fc-d869-4110-bf97-34138fcfaba6_0_ID192MP3.mp3")
        #expect(first.text == "Høydepunkter fra 2022 - nr.11. Hør episoden i appen NRK Radio")
        #expect(output.items.last?.title == "Hør alle episodene i appen NRK Radio")
        #expect(output.items.last?.published == date("2000-02-01T11:00:00Z"))
    }

    @Test func escapedCharacters() throws {
        let output = try read("feed-char-escape.xml")
        #expect(output.sourceTitle == "NYT > Health")
        #expect(output.items.count == 1)
        let item = output.items[0]
        #expect(item.title == "Where the Grass is Greener, Except When It’s ‘Nonfunctional Turf’")
        #expect(item.authorName == "Alan Burdick")
        #expect(item.published == date("2021-06-13T16:21:42Z"))
        #expect(item.text.hasPrefix("Plus, mammoths in Vegas, watermelon snow, Miami’s looming sea wall"))
    }

    @Test func malformedFeedYieldsWhatCanBeReadWithAWarning() throws {
        let output = try read("feed-test-malformed.xml")
        #expect(!output.warnings.isEmpty)
        #expect(output.sourceTitle == "Android Authority")
        #expect(output.items.count == 10)
        let first = output.items[0]
        #expect(first.title == "Japan’s plans for 5G include 10 billion 14-digit phone numbers")
        #expect(first.authorName == "Williams Pelegrin")
        #expect(first.platformID == "https://www.androidauthority.com/?p=986823")
        #expect(first.published == date("Wed, 15 May 2019 20:48:02 +0000"))
        #expect(output.items.last?.title == "Huawei would sign ‘we promise not to spy’ pacts with governments")
    }

    @Test func feedInWindows1251AndKOI8R() throws {
        for (charset, bytes) in [
            ("windows-1251", CharsetDecoderTests.windows1251), ("koi8-r", CharsetDecoderTests.koi8r),
        ] {
            let body =
                Array("<?xml version=\"1.0\" encoding=\"\(charset)\"?><rss version=\"2.0\"><channel><title>".utf8)
                + bytes + Array("</title><item><title>".utf8) + bytes + Array("</title></item></channel></rss>".utf8)
            let output = adapter.extract(
                AdapterInput(url: "https://example.org/rss", contentType: "text/xml", body: body))
            #expect(output.charset == charset)
            #expect(output.sourceTitle == "Привет, мир")
            #expect(output.items.first?.title == "Привет, мир")
        }
    }

    @Test func brokenAndForeignDocuments() {
        let html = adapter.extract(
            AdapterInput(
                url: "https://example.org/", contentType: "text/html",
                body: Array("<html><body>not a feed".utf8)))
        #expect(html.items.isEmpty && !html.warnings.isEmpty)
        let empty = adapter.extract(AdapterInput(url: "https://example.org/", contentType: nil, body: []))
        #expect(empty.items.isEmpty && !empty.warnings.isEmpty)
        let garbage = adapter.extract(
            AdapterInput(
                url: "https://example.org/", contentType: nil,
                body: (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }))
        #expect(garbage.items.isEmpty)
    }

    @Test func everyFeedFixtureIsCovered() throws {
        let present = Set(try Fixtures.names(in: "feeds"))
        #expect(
            present == [
                "atom-feed-content.xml", "feed-char-escape.xml", "feed-rdf-test.xml", "feed-rss-itsfoss.xml",
                "feed-test-atom-content-html.xml", "feed-test-charset.xml", "feed-test-malformed.xml",
                "feed-test-ru.xml",
                "youtube-channel.xml",
            ])
    }

    @Test func dates() {
        #expect(FeedDate.parse("2019-05-18 10:58:46 +0300")?.timeIntervalSince1970 == 1_558_166_326)
        #expect(FeedDate.parse("Sat, 18 May 2019 10:52:50 +0300") == FeedDate.parse("2019-05-18T07:52:50Z"))
        #expect(FeedDate.parse("18 May 2019 07:52 GMT") == FeedDate.parse("2019-05-18T07:52:00Z"))
        #expect(FeedDate.parse("2019-05-18T07:52:50.500Z")?.timeIntervalSince1970 == 1_558_165_970.5)
        #expect(FeedDate.parse("2019-13-18T07:52:50Z") == nil)
        #expect(FeedDate.parse("yesterday") == nil)
    }
}

@Suite struct YouTubeChannelAdapterTests {
    let adapter = YouTubeChannelAdapter()

    @Test func channelFeed() throws {
        let output = adapter.extract(
            AdapterInput(
                url: "https://www.youtube.com/feeds/videos.xml?channel_id=UC9PBzalIcEQCsiIkq36PyUA",
                contentType: "application/atom+xml; charset=UTF-8", body: try Fixtures.data("feeds/youtube-channel.xml")
            ))
        #expect(output.sourceTitle == "Digital Foundry")
        #expect(output.items.count == 15)
        let first = output.items[0]
        #expect(first.platformID == "W_S7iKZZdHw")
        #expect(first.title == "Digital Foundry Games of 2024: The Oliver Mackenzie Collection!")
        #expect(first.permalink == "https://www.youtube.com/watch?v=W_S7iKZZdHw")
        #expect(first.authorHandle == "channel/UC9PBzalIcEQCsiIkq36PyUA")
        #expect(first.authorName == "Digital Foundry")
        #expect(first.published == FeedDate.parse("2025-01-01T16:07:24+00:00"))
        #expect(first.views == 23_088)
        #expect(first.mediaURLs.contains("https://i4.ytimg.com/vi/W_S7iKZZdHw/hqdefault.jpg"))
        #expect(first.text.hasPrefix("As the holiday period begins to unwind"))
        #expect(first.links.contains("https://store.digitalfoundry.net"))
        #expect(output.items.map { $0.views ?? -1 }.prefix(3) == [23_088, 86_887, 219_415])
        #expect(output.items.last?.platformID == "araZUoSOPmM")
        #expect(output.items.allSatisfy { $0.authorHandle == "channel/UC9PBzalIcEQCsiIkq36PyUA" })
        #expect(output.candidates.contains { $0.identity == "https://store.digitalfoundry.net" })
    }

    @Test func channelPageNamesItsFeed() {
        let page = """
            <html><head><title>Fictional Channel</title>
            <link rel="alternate" type="application/rss+xml" title="RSS"
                  href="https://www.youtube.com/feeds/videos.xml?channel_id=UCfictional0000000000000">
            </head><body></body></html>
            """
        let output = adapter.extract(
            AdapterInput(
                url: "https://www.youtube.com/@fictional", contentType: "text/html",
                body: Array(page.utf8)))
        #expect(output.nextPageURL == "https://www.youtube.com/feeds/videos.xml?channel_id=UCfictional0000000000000")
        #expect(
            adapter.firstPageURL(kind: .youtube, identity: "channel/UCabc")
                == "https://www.youtube.com/feeds/videos.xml?channel_id=UCabc")
        #expect(adapter.firstPageURL(kind: .youtube, identity: "@fictional") == "https://www.youtube.com/@fictional")
    }
}
