import KaiguulCore
import Testing

@testable import Exchange

/// A block target meets tips, sources and cases about the same account, post or site through its
/// match key, while what it blocks stays as narrow as before.
@Suite("Block target match keys")
struct BlockTargetMatchKeyTests {
    @Test(arguments: [
        ("https://t.me/kara_tuman", "telegram:kara_tuman", BlockTarget.Kind.account),
        ("https://t.me/s/Kara_Tuman/15", "telegram:kara_tuman", .url),
        ("@kara_tuman", "telegram:kara_tuman", .account),
        ("https://karatuman.t.me/15", "telegram:karatuman", .url),
        ("https://karatuman.t.me/", "telegram:karatuman", .account),
        ("KaraTuman.t.me", "telegram:karatuman", .account),
        ("https://m.youtube.com/@Kara_Tuman/videos", "youtube:@kara_tuman", .account),
        ("https://www.youtube.com/@kara_tuman", "youtube:@kara_tuman", .account),
        ("https://youtube.com/channel/UCa1B2c3D4e5F6g7H8i9J0kL", "youtube:channel/UCa1B2c3D4e5F6g7H8i9J0kL", .account),
        ("https://www.facebook.com/profile.php?id=1000123", "facebook:id/1000123", .account),
        ("https://m.facebook.com/people/Kara/1000123", "facebook:id/1000123", .account),
        ("https://vk.com/public123", "vk:club123", .account),
        ("https://vk.com/wall-123_456", "vk:club123", .url),
        ("https://twitter.com/kara_tuman/status/1", "x:kara_tuman", .url),
        ("https://www.youtube.com/watch?v=abcdEFGH123", "youtube:video/abcdEFGH123", .url),
        ("https://www.Example.kg/page?utm_source=x", "domain:example.kg", .url),
        ("example.kg", "domain:example.kg", .domain),
    ])
    func targetsMeetByKey(input: String, key: String, kind: BlockTarget.Kind) throws {
        let target = try BlockTarget.parse(input)
        #expect(target.kind == kind)
        #expect(target.matchKey?.rawValue == key)
        #expect(target.blockableDomain == (kind == .domain ? "example.kg" : nil))
    }

    @Test func platformIDs() throws {
        #expect(try BlockTarget.parse("https://t.me/kara_tuman").platformID == "telegram")
        #expect(try BlockTarget.parse("https://t.me/kara_tuman/5").platformID == "telegram")
        #expect(try BlockTarget.parse("https://docs.google.com/document/d/abc").platformID == "google")
        #expect(try BlockTarget.parse("example.kg").platformID == nil)
    }
}
