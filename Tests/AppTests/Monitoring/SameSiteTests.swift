@testable import App
import Testing

@Suite struct SameSiteTests {
    @Test(arguments: [
        ("https://news.example.kg/a/b?c=1", "https://news.example.kg/a/b?c=1"),
        ("http://news.example.kg/", "http://news.example.kg/"),
        ("HTTPS://NEWS.Example.KG/Page", "HTTPS://NEWS.Example.KG/Page"),
        ("https://news.example.kg:8443/x", "https://news.example.kg:8443/x"),
        ("https://news.example.kg/x#comments", "https://news.example.kg/x"),
        ("https://news.example.kg", "https://news.example.kg"),
        ("https://news.example.kg?q=1", "https://news.example.kg?q=1"),
    ])
    func linksOnTheSiteAreKeptWithoutFragment(link: String, expected: String) throws {
        let site = try #require(SameSite("https://news.example.kg/"))
        #expect(site.url(link) == expected)
    }

    @Test(arguments: [
        "https://news.example.kg.evil.example/",
        "https://news.example.kg@evil.example/",
        "https://other.example.kg/",
        "https://example.kg/",
        "ftp://news.example.kg/file",
        "javascript:alert(1)",
        "mailto:editor@news.example.kg",
        "//news.example.kg/relative-scheme",
        "https://news.example.k",
        "",
    ])
    func linksElsewhereAreDropped(link: String) throws {
        let site = try #require(SameSite("https://news.example.kg/"))
        #expect(site.url(link) == nil)
    }

    @Test func aStartWithoutHostIsNoSite() {
        #expect(SameSite("not a url") == nil)
        #expect(SameSite("mailto:x@example.kg") == nil)
    }
}
