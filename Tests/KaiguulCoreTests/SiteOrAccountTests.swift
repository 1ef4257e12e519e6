import Testing

@testable import KaiguulCore

/// The one rule that says whether a target counts as a site or an account, as a table: every kind
/// of target a case, a block order or a source can hold.
@Suite("Site or account")
struct SiteOrAccountTests {
    static let rows: [(String, SiteOrAccount)] = [
        // Domains of their own, with or without port, Cyrillic, and pages on them: sites.
        ("example.kg", .site), ("example.kg:8443", .site), ("пример.кг", .site),
        ("xn--e1afmkfd.xn--j1ay", .site),
        ("https://example.kg/page", .site), ("http://example.kg:8080/a?b=c", .site), ("https://Example.KG./", .site),
        ("https://203.0.113.7/page", .site), ("https://[2001:db8::1]/x", .site),
        // A user's own subdomain on a platform is that person's site.
        ("https://someone.blogspot.com/2021/01/post.html", .site), ("someone.blogspot.com", .site),
        // Accounts, their posts, and anything else on a shared platform: accounts.
        ("https://t.me/kara_tuman", .account), ("https://t.me/kara_tuman/15", .account),
        ("t.me/demo_channel_1", .account),
        ("https://www.youtube.com/@green-wind-demo", .account), ("https://www.youtube.com/watch?v=abc", .account),
        ("https://vk.com/wall-1_2", .account), ("telegram:kara_tuman", .account), ("kara_tuman.t.me", .account),
        ("https://user:pw@t.me/x", .account), ("https://drive.google.com/file/d/abc", .account),
        ("", .site),
    ]

    @Test(arguments: rows.indices)
    func targetCountsByWhatItIs(_ index: Int) {
        let (target, expected) = Self.rows[index]
        #expect(SiteOrAccount.of(target: target) == expected, "\(target)")
    }

    @Test func sourcesOfPlatformKindsAreAccountsAndOthersCountByAddress() {
        #expect(SiteOrAccount.of(sourceKind: .telegram, address: "kara_tuman") == .account)
        #expect(SiteOrAccount.of(sourceKind: .website, address: "https://example.kg/news") == .site)
        #expect(SiteOrAccount.of(sourceKind: .rss, address: "https://example.kg/feed.xml") == .site)
        #expect(SiteOrAccount.of(sourceKind: .other, address: "https://t.me/s/kara_tuman") == .account)
    }
}
