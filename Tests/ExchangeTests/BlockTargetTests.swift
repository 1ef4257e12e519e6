import KaiguulCore
import Testing
@testable import Exchange

@Suite("Block targets")
struct BlockTargetTests {
    @Test(arguments: [
        ("example.kg", BlockTarget.domain("example.kg")),
        ("  Example.KG.  ", .domain("example.kg")),
        ("пример.кг", .domain("xn--e1afmkfd.xn--c1an")),
        ("https://example.kg", .domain("example.kg")),
        ("https://Example.kg:443/", .domain("example.kg")),
        ("http://example.kg:8080/#top", .domain("example.kg", port: 8080)),
        ("https://example.kg/news/5", .url("https://example.kg/news/5")),
        ("example.kg/news?id=5", .url("https://example.kg/news?id=5")),
        ("HTTP://Example.kg:80/a%20b", .url("http://example.kg/a%20b")),
        ("https://пример.кг/статья", .url("https://xn--e1afmkfd.xn--c1an/%D1%81%D1%82%D0%B0%D1%82%D1%8C%D1%8F")),
        ("https://example.kg/a%2fb", .url("https://example.kg/a%2Fb")),
        ("http://203.0.113.7/", .url("http://203.0.113.7/")),
        ("http://[2001:DB8::1]:8080/x", .url("http://[2001:db8::1]:8080/x")),
        ("someone.blogspot.com", .domain("someone.blogspot.com")),
    ])
    func sitesAndPages(input: String, expected: BlockTarget) throws {
        #expect(try BlockTarget.parse(input) == expected)
    }

    @Test(arguments: [
        ("https://t.me/somechannel", "telegram", "somechannel"),
        ("t.me/SomeChannel", "telegram", "somechannel"),
        ("https://t.me/s/somechannel", "telegram", "somechannel"),
        ("https://telegram.me/somechannel/", "telegram", "somechannel"),
        ("@somechannel", "telegram", "somechannel"),
        ("https://www.youtube.com/@SomeVoice", "youtube", "@SomeVoice"),
        ("https://youtube.com/channel/UCaBcD123", "youtube", "channel/UCaBcD123"),
        ("https://m.facebook.com/some.page", "facebook", "some.page"),
        ("https://www.facebook.com/groups/fictional", "facebook", "groups/fictional"),
        ("https://www.instagram.com/fictional_org/", "instagram", "fictional_org"),
        ("https://www.tiktok.com/@fictional", "tiktok", "@fictional"),
        ("https://vk.com/club123", "vk", "club123"),
        ("https://ok.ru/group/5550001", "ok", "group/5550001"),
        ("https://twitter.com/fictional", "x", "fictional"),
    ])
    func accountsOnSharedPlatforms(input: String, platform: String, handle: String) throws {
        #expect(try BlockTarget.parse(input) == .account(platform: platform, handle: handle))
    }

    @Test(arguments: [
        "https://t.me/somechannel/123",
        "https://t.me/joinchat/AbCdEf",
        "https://www.youtube.com/watch?v=abcdEFGH123",
        "https://youtu.be/abcdEFGH123",
        "https://vk.com/wall-123_456",
        "https://www.instagram.com/p/Cxyz123/",
        "https://www.tiktok.com/fictional",
        "https://x.com/fictional/status/1",
        "https://docs.google.com/document/d/abc/edit",
        "https://www.blogspot.com/some/page",
    ])
    func postsOnSharedPlatformsAreURLs(input: String) throws {
        let target = try BlockTarget.parse(input)
        #expect(target.kind == .url)
        #expect(target.blockableDomain == nil)
    }

    @Test(arguments: [
        "t.me", "www.youtube.com", "youtu.be", "m.facebook.com", "blogspot.com", "twitter.com",
        "https://t.me/", "https://www.facebook.com",
    ])
    func aSharedPlatformItselfIsNeverATarget(input: String) {
        #expect {
            try BlockTarget.parse(input)
        } throws: { error in
            if case BlockTargetError.sharedPlatformDomain = error { return true }
            return false
        }
    }

    @Test func hostileInputIsRefusedWithATypedError() {
        let cases: [(String, BlockTargetError)] = [
            ("", .empty),
            ("javascript:alert(1)", .invalidPort),
            ("ftp://example.kg/file", .unsupportedScheme("ftp")),
            ("https://user:pw@example.kg/", .credentialsInURL),
            ("https://t.me\\@evil.example/", .invalidURL(reason: "backslash")),
            ("https://example.kg:99999/", .invalidPort),
            ("https:///path", .invalidURL(reason: "no host")),
            ("exa mple.kg", .invalidCharacter),
            ("example.kg\u{202E}", .invalidCharacter),
            ("com.kg", .publicSuffix("com.kg")),
            ("https://co.uk/", .publicSuffix("co.uk")),
            ("@", .invalidHandle("@")),
            ("@bad/handle", .invalidHandle("@bad/handle")),
            (String(repeating: "a", count: 3000), .inputTooLong(limit: 2048)),
        ]
        for (input, error) in cases {
            #expect(throws: error, "\(input.prefix(40).debugDescription)") { try BlockTarget.parse(input) }
        }
    }

    @Test(arguments: [
        "example.kg", "https://example.kg/x?y=1", "https://t.me/somechannel", "https://www.youtube.com/@SomeVoice",
        "https://youtube.com/channel/UCaBcD123", "https://www.facebook.com/groups/fictional",
        "https://www.tiktok.com/@fictional", "https://ok.ru/group/5550001", "пример.кг", "http://203.0.113.7/a",
    ])
    func theCanonicalSpellingParsesToTheSameTarget(input: String) throws {
        let target = try BlockTarget.parse(input)
        #expect(try BlockTarget.parse(target.canonical) == target)
    }

    @Test func canonicalAccountURLs() throws {
        #expect(try BlockTarget.parse("@somechannel").canonical == "https://t.me/somechannel")
        #expect(try BlockTarget.parse("https://m.youtube.com/@SomeVoice").canonical
                == "https://www.youtube.com/@SomeVoice")
    }

    @Test func everyPlatformDomainIsNormalisedAndUnique() throws {
        var seen: Set<String> = []
        for platform in PlatformTable.all {
            for domain in platform.domains {
                #expect(try DomainName.normalize(domain) == domain)
                #expect(seen.insert(domain).inserted, "\(domain) listed twice")
            }
            #expect(PlatformTable.named(platform.id)?.id == platform.id)
        }
    }
}

@Suite("Block targets under random input")
struct BlockTargetFuzzTests {
    /// A small deterministic generator, so a failure can be replayed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let pieces = [
        "https://", "http://", "t.me", "/", ".", "..", "@", ":", "?", "#", "%", "%2F", "-", "--", "xn--", "xn--e1a",
        "пример", "кг", "example", "kg", "www.", "s", "channel", "@x", "\u{200D}", " ", "\u{301}", "ß", "İ", "1",
        "255", "[", "]", "::1", "_", "\\", "youtube.com", "vk.com", "wall-1_2", "com", "co.uk", "Ж", "🙂", "'",
    ]

    @Test("random input never crashes, and whatever parses reparses to itself")
    func randomInput() {
        var random = SplitMix(state: 20250314)
        var parsed = 0
        for _ in 0..<3000 {
            let count = Int.random(in: 1...8, using: &random)
            let input = (0..<count).map { _ in Self.pieces.randomElement(using: &random) ?? "" }.joined()
            guard let target = try? BlockTarget.parse(input) else { continue }
            parsed += 1
            #expect((try? BlockTarget.parse(target.canonical)) == target, "\(input.debugDescription)")
            if let domain = target.blockableDomain {
                #expect(domain.utf8.count <= 253 && domain.unicodeScalars.allSatisfy(\.isASCII))
                #expect(PlatformTable.platform(owning: domain).map { $0.isUserSite(host: domain) } ?? true)
            }
        }
        #expect(parsed > 100)
    }

    @Test func randomPunycodeNeverCrashes() {
        var random = SplitMix(state: 7)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789-ABZ")
        for _ in 0..<3000 {
            let text = String((0..<Int.random(in: 0...40, using: &random)).map { _ in
                alphabet.randomElement(using: &random) ?? "a"
            })
            if let decoded = Punycode.decode(text), let again = Punycode.encode(decoded) {
                #expect(Punycode.decode(again) == decoded)
            }
        }
    }
}
