import KaiguulCore
import Testing

@testable import Monitor

@Suite struct SourceIdentityTests {
    @Test(arguments: [
        "@Kaiguul_Test", "kaiguul_test", "t.me/kaiguul_test", "https://t.me/s/Kaiguul_Test",
        "https://t.me/kaiguul_test/", "http://telegram.me/kaiguul_test/1234", "https://www.t.me/kaiguul_test#x",
        "tg://resolve?domain=kaiguul_test", "  https://t.me/s/kaiguul_test?before=100  ",
    ])
    func telegramSpellingsAreOneChannel(input: String) throws {
        #expect(try SourceIdentity.normalise(kind: .telegram, input: input) == "kaiguul_test")
    }

    @Test func telegramPrivateInvitesAndServicePagesAreNotChannels() {
        #expect(throws: SourceIdentityError.self) {
            try SourceIdentity.normalise(kind: .telegram, input: "https://t.me/+AbCdEf")
        }
        #expect(throws: SourceIdentityError.self) {
            try SourceIdentity.normalise(kind: .telegram, input: "t.me/joinchat/xyz")
        }
        #expect(throws: SourceIdentityError.wrongPlatform(expected: "telegram", host: "example.org")) {
            try SourceIdentity.normalise(kind: .telegram, input: "https://example.org/kaiguul")
        }
        #expect(throws: SourceIdentityError.invalidHandle("a b")) {
            try SourceIdentity.normalise(kind: .telegram, input: "a b")
        }
    }

    @Test func websiteURLsNormalise() throws {
        let same = [
            "https://www.Example.ORG:443/news/?utm_source=tg&b=2&a=1#top",
            "example.org/news?a=1&b=2&fbclid=XYZ",
            "HTTPS://EXAMPLE.ORG/news//?a=1&b=2",
        ]
        for input in same {
            #expect(try SourceIdentity.normalise(kind: .website, input: input) == "https://example.org/news?a=1&b=2")
        }
        #expect(try SourceIdentity.normalise(kind: .website, input: "http://example.org:80/") == "http://example.org")
        #expect(
            try SourceIdentity.normalise(kind: .rss, input: "http://example.org:8080/feed.xml")
                == "http://example.org:8080/feed.xml")
        #expect(try SourceIdentity.normalise(kind: .website, input: "example.org:8080") == "https://example.org:8080")
    }

    @Test func internationalisedNamesCompareInPunycode() throws {
        let typed = try SourceIdentity.normalise(kind: .website, input: "https://Пример.РФ/жаңылык/")
        #expect(typed == "https://xn--e1afmkfd.xn--p1ai/%D0%B6%D0%B0%D2%A3%D1%8B%D0%BB%D1%8B%D0%BA")
        let linked = LinkResolver(base: "https://example.kg/").resolve("https://пример.рф/жаңылык")
        #expect(try SourceIdentity.normalise(kind: .website, input: try #require(linked)) == typed)
        let target = try Target.parse("https://пример.рф/путь?q=сөз").get()
        #expect(target.host == "xn--e1afmkfd.xn--p1ai" && target.hostHeader == "xn--e1afmkfd.xn--p1ai")
        #expect(target.requestTarget == "/%D0%BF%D1%83%D1%82%D1%8C?q=%D1%81%D3%A9%D0%B7")
        #expect(try Target.parse("http://[::1]:8080/x").get().hostHeader == "[::1]:8080")
    }

    @Test func websiteRefusals() {
        #expect(throws: SourceIdentityError.unsupportedScheme("ftp")) {
            try SourceIdentity.normalise(kind: .website, input: "ftp://example.org/")
        }
        #expect(throws: SourceIdentityError.unsupportedScheme("javascript")) {
            try SourceIdentity.normalise(kind: .website, input: "javascript:alert(1)")
        }
        #expect(throws: SourceIdentityError.credentialsInURL) {
            try SourceIdentity.normalise(kind: .website, input: "https://user:secret@example.org/")
        }
        #expect(throws: SourceIdentityError.empty) { try SourceIdentity.normalise(kind: .website, input: "  ") }
        #expect(throws: SourceIdentityError.tooLong) {
            try SourceIdentity.normalise(
                kind: .website, input: "https://example.org/" + String(repeating: "a", count: 3000))
        }
    }

    @Test func youtubeChannelsAndHandles() throws {
        let id = "UC9PBzalIcEQCsiIkq36PyUA"
        for input in [
            id, "https://www.youtube.com/channel/\(id)", "youtube.com/channel/\(id)/videos",
            "https://www.youtube.com/feeds/videos.xml?channel_id=\(id)", "https://m.youtube.com/channel/\(id)?si=abc",
        ] {
            #expect(try SourceIdentity.normalise(kind: .youtube, input: input) == "channel/\(id)")
        }
        for input in [
            "@DigitalFoundry", "https://www.youtube.com/@digitalfoundry", "youtube.com/@DigitalFoundry/shorts",
        ] {
            #expect(try SourceIdentity.normalise(kind: .youtube, input: input) == "@digitalfoundry")
        }
        #expect(
            try SourceIdentity.normalise(kind: .youtube, input: "https://youtube.com/user/SomeName") == "user/somename")
        #expect(throws: SourceIdentityError.notAnAccount("https://www.youtube.com/watch?v=W_S7iKZZdHw")) {
            try SourceIdentity.normalise(kind: .youtube, input: "https://www.youtube.com/watch?v=W_S7iKZZdHw")
        }
    }

    @Test func otherPlatforms() throws {
        #expect(
            try SourceIdentity.normalise(kind: .facebook, input: "https://m.facebook.com/Fictional.Org/")
                == "fictional.org")
        #expect(
            try SourceIdentity.normalise(kind: .facebook, input: "facebook.com/profile.php?id=1000123") == "id/1000123")
        #expect(
            try SourceIdentity.normalise(kind: .instagram, input: "https://instagram.com/fictional_org?igsh=x")
                == "fictional_org")
        #expect(try SourceIdentity.normalise(kind: .tiktok, input: "https://www.tiktok.com/@Fictional") == "@fictional")
        #expect(try SourceIdentity.normalise(kind: .tiktok, input: "@Fictional") == "@fictional")
        #expect(try SourceIdentity.normalise(kind: .vk, input: "https://vk.com/fictional_club") == "fictional_club")
        #expect(try SourceIdentity.normalise(kind: .ok, input: "https://ok.ru/group/5500") == "group/5500")
        #expect(throws: SourceIdentityError.self) {
            try SourceIdentity.normalise(kind: .instagram, input: "https://www.instagram.com/p/Cxyz/")
        }
        #expect(throws: SourceIdentityError.wrongPlatform(expected: "vk", host: "ok.ru")) {
            try SourceIdentity.normalise(kind: .vk, input: "https://ok.ru/fictional")
        }
    }
}

@Suite struct SourceDiscoveryTests {
    @Test func platformAccountsAndOtherSitesBecomeCandidates() {
        let links = [
            "https://t.me/fictional_channel/15", "https://t.me/s/Fictional_Channel", "https://t.me/+privateinvite",
            "https://www.youtube.com/@FictionalVideos", "https://www.youtube.com/watch?v=abcdefghijk",
            "https://www.facebook.com/sharer/sharer.php?u=x", "https://vk.com/fictional_group",
            "https://ok.ru/group/777", "https://www.instagram.com/fictional.gram/", "https://www.tiktok.com/@fictok",
            "https://news.example.org/story/1?utm_source=x", "https://example.org/other", "https://other-site.test/a/b",
            "https://cdn4.telegram-cdn.org/file/x.jpg", "mailto:x@example.org", "/relative/path",
        ]
        let candidates = SourceDiscovery.candidates(in: links, pageURL: "https://example.org/page")
        let found = candidates.map { "\($0.kind.rawValue) \($0.identity)" }
        #expect(
            found == [
                "telegram fictional_channel", "youtube @fictionalvideos", "vk fictional_group", "ok group/777",
                "instagram fictional.gram", "tiktok @fictok", "website https://other-site.test",
            ])
        #expect(candidates.first?.foundAt == "https://t.me/fictional_channel/15")
    }

    /// A candidate's identity is what registering it normalises again: namespaced handles included.
    @Test func candidateIdentitiesNormaliseToThemselves() throws {
        let links = [
            "https://t.me/s/Fictional_Channel/3", "https://m.youtube.com/channel/UC9PBzalIcEQCsiIkq36PyUA/videos",
            "https://www.youtube.com/@FictionalVideos/shorts", "https://ok.ru/group/777/topic/5",
            "https://www.facebook.com/profile.php?id=1000123", "https://vk.com/public55", "https://www.tiktok.com/@fictok",
            "https://x.com/fictional", "https://www.reddit.com/r/fictional",
        ]
        let candidates = SourceDiscovery.candidates(in: links)
        #expect(candidates.map { "\($0.kind.rawValue) \($0.identity)" } == [
            "telegram fictional_channel", "youtube channel/UC9PBzalIcEQCsiIkq36PyUA", "youtube @fictionalvideos",
            "ok group/777", "facebook id/1000123", "vk club55", "tiktok @fictok",
        ])
        for candidate in candidates {
            #expect(try SourceIdentity.normalise(kind: candidate.kind, input: candidate.identity) == candidate.identity)
        }
    }

    @Test func theSourceItselfIsNotACandidate() {
        let candidates = SourceDiscovery.candidates(
            in: ["https://t.me/own_channel/5", "https://t.me/another_one"], pageURL: "https://t.me/s/own_channel"
        )
        #expect(candidates.map(\.identity) == ["another_one"])
    }
}
