import Testing

@testable import App

@Suite struct PipelineLimitsTests {
    @Test(arguments: [
        // environment, site pages, items per check
        ([String: String](), 20, 2_000),
        (["KAIGUUL_CRAWL_SITE_PAGES": "10000"], 10_000, 10_000),
        (["KAIGUUL_CRAWL_SITE_PAGES": "10000", "KAIGUUL_ITEMS_PER_CHECK": "500"], 10_000, 500),
        (["KAIGUUL_CRAWL_SITE_PAGES": "50"], 50, 2_000),
        (["KAIGUUL_CRAWL_SITE_PAGES": "9999999"], 100_000, 100_000),
        (["KAIGUUL_CRAWL_SITE_PAGES": "0", "KAIGUUL_ITEMS_PER_CHECK": "-3"], 1, 1),
        (["KAIGUUL_CRAWL_SITE_PAGES": "many"], 20, 2_000),
    ])
    func itemsPerCheckFollowTheSitePagesUnlessSet(env: [String: String], pages: Int, items: Int) {
        let limits = PipelineLimits.fromEnvironment(env)
        #expect(limits.sitePages == pages)
        #expect(limits.itemsPerCheck == items)
    }
}
