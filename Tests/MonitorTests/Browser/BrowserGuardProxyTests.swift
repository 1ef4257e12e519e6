import Foundation
import LoopbackHTTP
import Testing

@testable import Monitor

/// Browser capture through the real guard proxy (the fetcher's resolver and address guard, allowing
/// 127.0.0.1 only): what the tests with the stub proxy show holds with the product's proxy too.
@Suite(.serialized) struct BrowserGuardProxyTests {
    static func withGuard(
        _ body: (ChromiumBrowser, LoopbackServer, GuardProxy) async throws -> Void
    ) async throws {
        let resolver = FakeResolver(table: [
            "fictional-site.test": ["127.0.0.1"],
            "inside-network.test": ["10.20.30.40"],
        ])
        try await LoopbackServer.withFetcher(
            configuration: FetcherTests.configuration(), resolver: resolver,
            BrowserTestSite.route(privatePort: BrowserTestSite.privatePort)
        ) { site, fetcher in
            let proxy = try await GuardProxy.start(fetcher: fetcher)
            let browser = try await ChromiumBrowser.launch(BrowserConfiguration.fromEnvironment())
            do {
                try await body(browser, site, proxy)
            } catch {
                await browser.close()
                await proxy.stop()
                throw error
            }
            await browser.close()
            await proxy.stop()
        }
    }

    @Test func aNamedSiteLoadsThroughTheGuardAndPrivateAddressesAreRefused() async throws {
        try await Self.withGuard { browser, site, proxy in
            // The browser resolves no name itself (every name maps to nothing): it hands the name to
            // the proxy, whose resolver finds the allowed loopback address.
            let named = "http://fictional-site.test:\(site.port)/"
            let page = await browser.capture(named, through: proxy, limits: ChromiumBrowserTests.limits())
            #expect(page.failure == nil, "\(page.failure ?? "")")
            #expect(page.finalURL == named && page.page?.status == 200)
            let dom = String(decoding: try #require(page.dom), as: UTF8.self)
            #expect(dom.contains(BrowserTestSite.notice))
            #expect(page.exchanges.contains { $0.url == "http://fictional-site.test:\(site.port)/data.json" })
            #expect(site.requests.first?.header("host") == "fictional-site.test:\(site.port)")

            let reaching = await browser.capture(site.url("/reaches-private"), through: proxy,
                                                 limits: ChromiumBrowserTests.limits())
            let secret = "http://127.0.0.2:\(BrowserTestSite.privatePort)/secret"
            #expect(reaching.refusals.contains { $0.host == "127.0.0.2" && $0.url == secret })
            #expect(reaching.failures.contains { $0.url == secret && $0.reason.hasPrefix("refused by the address guard") })
            #expect(!reaching.exchanges.contains { $0.url == secret })

            let redirected = await browser.capture(site.url("/redirects-private"), through: proxy,
                                                   limits: ChromiumBrowserTests.limits())
            #expect(redirected.pageIndex == nil && redirected.exchanges.first?.status == 302)
            #expect(redirected.failure?.contains("refused by the address guard") == true, "\(redirected.failure ?? "")")

            let inside = await browser.capture("http://inside-network.test:\(site.port)/", through: proxy,
                                               limits: ChromiumBrowserTests.limits())
            #expect(inside.pageIndex == nil && inside.exchanges.isEmpty)
            #expect(inside.refusals.contains { $0.host == "inside-network.test" && $0.address == "10.20.30.40" })
        }
    }
}
