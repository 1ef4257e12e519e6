@testable import App
@testable import Monitor
import Synchronization
import Testing

/// The sliding window both the fetching and the browser checks crawl with: the page limit, the
/// width, staying on the site, no page twice, a channel's "next page" chain.
@Suite struct CrawlWindowTests {
    /// Every page of the invented site (60 pages) links to the next ten, to a page on another host and to itself.
    static func page(_ n: Int) -> AdapterOutput {
        let links = (n + 1...n + 10).filter { $0 < 60 }.map { "https://site.example/p\($0)" }
            + ["https://elsewhere.example/p\(n)", "https://site.example/p\(n)#top"]
        return AdapterOutput(page: WebPage(title: nil, visibleText: "", links: links, mediaURLs: [], meta: [:],
                                           openGraph: [:], canonicalURL: nil, declaredLanguage: nil, feedURLs: []))
    }

    static func number(_ url: String) -> Int { Int(url.split(separator: "p").last ?? "") ?? -1 }

    @Test(arguments: [(1, 1), (7, 3), (25, 4)])
    func aSiteIsCrawledUpToItsPageLimitWithinItsWidth(maxPages: Int, width: Int) async throws {
        let running = Mutex((now: 0, most: 0))
        let window = CrawlWindow(first: "https://site.example/p0", site: SameSite("https://site.example/p0"),
                                 maxPages: maxPages, width: width)
        var loaded: [String] = []
        var indexes: [Int] = []
        try await window.run(load: { url, index in
            running.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
            try await Task.sleep(for: .milliseconds(2))
            running.withLock { $0.now -= 1 }
            return (url, index)
        }, output: { Self.page(Self.number($0.0)) }, receive: { page, _ in
            loaded.append(page.0)
            indexes.append(page.1)
        })
        #expect(loaded.count == maxPages)
        #expect(Set(loaded).count == loaded.count, "no page twice (a fragment is the same page)")
        #expect(loaded.allSatisfy { $0.hasPrefix("https://site.example/") })
        #expect(indexes.sorted() == Array(0..<maxPages))
        #expect(running.withLock { $0.most } <= width)
    }

    @Test func aChannelFollowsItsNextPageAndStopsAtTheLimit() async throws {
        let window = CrawlWindow(first: "https://t.example/c?before=0", site: nil, maxPages: 4, width: 1)
        var loaded: [String] = []
        var idles: [Bool] = []
        try await window.run(load: { url, _ in url }, output: { url in
            let n = Int(url.split(separator: "=").last ?? "") ?? 0
            // Links are not followed on a channel: only the next page is.
            var output = Self.page(n)
            output.nextPageURL = n < 9 ? "https://t.example/c?before=\(n + 1)" : nil
            return output
        }, receive: { url, idle in
            loaded.append(url)
            idles.append(idle)
        })
        #expect(loaded == (0..<4).map { "https://t.example/c?before=\($0)" })
        #expect(idles.allSatisfy { $0 }, "one page at a time: nothing else is running when each ends")
    }
}
