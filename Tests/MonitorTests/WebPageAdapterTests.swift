import Foundation
import KaiguulCore
import Testing

@testable import Monitor

@Suite struct WebPageAdapterTests {
    static let page = """
        <!DOCTYPE html>
        <html lang="ru"><head>
        <meta charset="utf-8"><title>Фиктивная организация — новости</title>
        <meta name="description" content="Invented description">
        <meta property="og:title" content="OG title"><meta property="og:image" content="/img/cover.jpg">
        <meta property="article:published_time" content="2026-01-31T08:00:00Z">
        <link rel="canonical" href="https://fictional.example/news/1?utm_source=x">
        <link rel="alternate" type="application/rss+xml" href="/rss.xml">
        <script>document.write("<a href='https://script.example/'>no</a>")</script>
        <style>body { background: url(/bg.png) }</style>
        </head><body>
        <h1>Заголовок</h1><p>Первый абзац с <a href="/about">ссылкой</a>.</p>
        <p>Join us: <a href="https://t.me/fictional_org">Telegram</a>, <a href="https://vk.com/fictional_org">VK</a>,
        <a href="https://other.example/page">partner</a>, <a href="javascript:void(0)">js</a>,
        <a href="#top">top</a></p>
        <img src="photo.png" srcset="photo-2x.png 2x, photo-3x.png 3x">
        <video poster="/poster.jpg"><source src="/clip.mp4"></video>
        <noscript>Enable JS</noscript>
        </body></html>
        """

    @Test func pageFields() throws {
        let output = WebPageAdapter().extract(
            AdapterInput(
                url: "https://fictional.example/news/1", contentType: "text/html",
                body: Array(Self.page.utf8)))
        let page = try #require(output.page)
        #expect(page.title == "Фиктивная организация — новости")
        #expect(page.visibleText == "Заголовок\nПервый абзац с ссылкой.\nJoin us: Telegram, VK, partner, js, top")
        #expect(
            page.links == [
                "https://fictional.example/about", "https://t.me/fictional_org", "https://vk.com/fictional_org",
                "https://other.example/page",
            ])
        #expect(
            page.mediaURLs == [
                "https://fictional.example/img/cover.jpg", "https://fictional.example/news/photo.png",
                "https://fictional.example/news/photo-2x.png", "https://fictional.example/news/photo-3x.png",
                "https://fictional.example/poster.jpg", "https://fictional.example/clip.mp4",
            ])
        #expect(page.meta["description"] == "Invented description")
        #expect(page.openGraph["og:title"] == "OG title")
        #expect(page.canonicalURL == "https://fictional.example/news/1?utm_source=x")
        #expect(page.declaredLanguage == "ru")
        #expect(page.feedURLs == ["https://fictional.example/rss.xml"])
        let item = try #require(output.items.first)
        #expect(item.published == FeedDate.parse("2026-01-31T08:00:00Z"))
        #expect(
            output.candidates.map { "\($0.kind.rawValue) \($0.identity)" } == [
                "telegram fictional_org", "vk fictional_org", "website https://other.example",
            ])
    }

    @Test func windows1251PageDeclaredInMeta() {
        let body =
            Array("<html><head><meta http-equiv=\"content-type\" content=\"text/html; charset=windows-1251\">".utf8)
            + Array("<title>".utf8) + CharsetDecoderTests.windows1251 + Array("</title></head><body><p>".utf8)
            + CharsetDecoderTests.windows1251 + Array("</p></body></html>".utf8)
        let output = WebPageAdapter().extract(
            AdapterInput(url: "https://example.org/", contentType: "text/html", body: body))
        #expect(output.charset == "windows-1251")
        #expect(output.page?.title == "Привет, мир")
        #expect(output.page?.visibleText == "Привет, мир")
    }

    @Test func registry() {
        let names = SourceAdapters.all().map(\.name)
        #expect(names == ["telegram", "youtube", "feed", "web"])
        #expect(SourceAdapters.adapter(for: .telegram)?.name == "telegram")
        #expect(SourceAdapters.adapter(for: .youtube)?.name == "youtube")
        #expect(SourceAdapters.adapter(for: .rss)?.name == "feed")
        #expect(SourceAdapters.adapter(for: .website)?.name == "web")
        for kind in SourceKind.allCases {
            #expect(SourceAdapters.adapter(for: kind) != nil, "\(kind)")
        }
        let web = WebPageAdapter()
        #expect(web.firstPageURL(kind: .vk, identity: "fictional_club") == "https://vk.com/fictional_club")
        #expect(web.firstPageURL(kind: .facebook, identity: "id/100") == "https://www.facebook.com/profile.php?id=100")
        #expect(web.firstPageURL(kind: .website, identity: "https://example.org") == "https://example.org")
    }
}
