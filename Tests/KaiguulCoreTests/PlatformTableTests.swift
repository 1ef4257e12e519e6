import Testing

@testable import KaiguulCore

/// One row per account: every spelling of the account and of its posts gives one match key, and the
/// platform's own pages name no account. Each written form is also tried with the variations people
/// and pages add (scheme, `www.`, `m.`, uppercase host, trailing slash, tracking query, fragment).
@Suite("Platform table")
struct PlatformTableTests {
    struct Row: Sendable, CustomStringConvertible {
        let key: String
        let forms: [String]
        var reserved: [String] = []
        var platform: String { String(key.prefix { $0 != ":" }) }
        var description: String { key }
    }

    static let channelID = "UCa1B2c3D4e5F6g7H8i9J0kL"

    static let rows: [Row] = [
        Row(
            key: "telegram:kara_tuman",
            forms: [
                "t.me/kara_tuman", "https://t.me/s/kara_tuman/15", "t.me/s/Kara_Tuman", "https://t.me/Kara_Tuman/15",
                "https://telegram.me/kara_tuman", "telegram.dog/kara_tuman/7?single", "https://t.me/@kara_tuman",
                "https://t.me/kara_tuman/15?comment=3", "telegram:kara_tuman", "telegram:KARA_TUMAN",
                "tg://resolve?domain=kara_tuman", "tg://resolve?domain=Kara_Tuman&post=15",
            ],
            reserved: [
                "https://t.me/joinchat/AbCdEf", "https://t.me/+AbCdEf", "https://t.me/c/1234567/45", "https://t.me/s/",
                "https://t.me/share/url?url=x", "https://t.me/iv?url=x", "https://telegram.org/blog",
                "https://t.me/addstickers/x", "https://t.me/ab", "https://telegra.ph/some-page-01-01",
            ]),
        Row(key: "telegram:karatuman", forms: ["https://karatuman.t.me/", "karatuman.t.me/15", "t.me/karatuman"]),
        Row(
            key: "youtube:@kara_tuman",
            forms: [
                "youtube.com/@Kara_Tuman", "https://m.youtube.com/@kara_tuman/videos",
                "https://www.youtube.com/@KARA_TUMAN/shorts",
                "https://music.youtube.com/@kara_tuman", "youtube.com/@kara_tuman/community", "youtube:@kara_tuman",
                "youtube:@Kara_Tuman",
            ],
            reserved: [
                "https://www.youtube.com/watch?v=abcdEFGH123", "https://youtu.be/abcdEFGH123",
                "https://www.youtube.com/results?search_query=x", "https://www.youtube.com/kara_tuman",
                "https://www.youtube.com/feed/trending", "https://www.youtube.com/playlist?list=PL1",
                "https://www.youtube-nocookie.com/embed/abcdEFGH123", "https://www.youtube.com/channel/",
            ]),
        Row(
            key: "youtube:channel/\(channelID)",
            forms: [
                "youtube.com/channel/\(channelID)", "https://m.youtube.com/channel/\(channelID)/videos",
                "https://www.youtube.com/feeds/videos.xml?channel_id=\(channelID)", "youtube:channel/\(channelID)",
                "https://www.youtube.com/channel/\(channelID)/?si=x",
            ]),
        Row(
            key: "youtube:c/karatuman", forms: ["youtube.com/c/KaraTuman", "https://m.youtube.com/c/karatuman/videos"]),
        Row(
            key: "facebook:kara.tuman",
            forms: [
                "facebook.com/Kara.Tuman", "https://m.facebook.com/kara.tuman/",
                "https://web.facebook.com/kara.tuman/posts/pfbid02abc",
                "https://www.fb.com/kara.tuman/videos/123", "facebook:kara.tuman",
                "https://mbasic.facebook.com/kara.tuman/about",
                "https://touch.facebook.com/@kara.tuman",
            ],
            reserved: [
                "https://www.facebook.com/sharer/sharer.php?u=x", "https://www.facebook.com/watch?v=123",
                "https://www.facebook.com/events/1", "https://www.facebook.com/login.php",
                "https://www.facebook.com/hashtag/x", "https://fb.watch/abc/", "https://www.facebook.com/reel/123",
            ]),
        Row(
            key: "facebook:id/1000123",
            forms: [
                "facebook.com/profile.php?id=1000123", "https://m.facebook.com/people/Kara-Tuman/1000123/",
                "https://www.facebook.com/permalink.php?story_fbid=55&id=1000123", "facebook:id/1000123",
            ]),
        Row(
            key: "facebook:groups/kara.tuman",
            forms: ["facebook.com/groups/kara.tuman", "https://m.facebook.com/groups/Kara.Tuman/permalink/987/"]),
        Row(
            key: "instagram:kara.tuman",
            forms: [
                "instagram.com/kara.tuman", "https://www.instagram.com/Kara.Tuman/?igsh=x",
                "https://instagram.com/kara.tuman/reels",
                "https://www.instagram.com/kara.tuman/p/Cxyz123/", "https://www.instagram.com/stories/kara.tuman/3141/",
                "instagram:kara.tuman", "https://instagr.am/kara.tuman",
            ],
            reserved: [
                "https://www.instagram.com/p/Cxyz123/", "https://www.instagram.com/explore/tags/x/",
                "https://www.instagram.com/accounts/login/", "https://www.instagram.com/stories/highlights/1/",
            ]),
        Row(
            key: "tiktok:@kara.tuman",
            forms: [
                "tiktok.com/@Kara.Tuman", "https://www.tiktok.com/@kara.tuman/video/7312345678901234567",
                "https://m.tiktok.com/@kara.tuman", "tiktok:@kara.tuman",
            ],
            reserved: [
                "https://www.tiktok.com/kara.tuman", "https://vm.tiktok.com/ZMabc/", "https://www.tiktok.com/explore",
                "https://www.tiktok.com/tag/x",
            ]),
        Row(
            key: "vk:kara_tuman",
            forms: [
                "vk.com/Kara_Tuman", "https://m.vk.com/kara_tuman", "https://vk.ru/kara_tuman?w=wall-123_45",
                "vk:kara_tuman",
                "https://vkontakte.ru/kara_tuman",
            ],
            reserved: [
                "https://vk.com/feed", "https://vk.com/away.php?to=x", "https://vk.com/search?c=x", "https://vk.cc/abc",
                "https://vk.com/video",
            ]),
        Row(
            key: "vk:club123",
            forms: [
                "vk.com/club123", "https://vk.com/public123", "https://m.vk.com/wall-123_456", "vk:club123",
                "https://vk.com/event123",
            ]),
        Row(
            key: "ok:group/5550001",
            forms: [
                "ok.ru/group/5550001", "https://m.ok.ru/group/5550001/topic/777",
                "https://www.odnoklassniki.ru/group/5550001",
                "ok:group/5550001",
            ],
            reserved: [
                "https://ok.ru/video/123", "https://ok.ru/dk?st.cmd=x", "https://ok.ru/search", "https://ok.ru/music",
            ]),
        Row(key: "ok:kara.tuman", forms: ["ok.ru/kara.tuman", "https://m.ok.ru/Kara.Tuman/topic/1"]),
        Row(
            key: "x:kara_tuman",
            forms: [
                "x.com/Kara_Tuman", "https://twitter.com/kara_tuman/status/1234",
                "https://mobile.twitter.com/kara_tuman/with_replies",
                "x:kara_tuman", "https://x.com/@kara_tuman",
            ],
            reserved: [
                "https://x.com/i/web/status/1234", "https://t.co/abc", "https://x.com/search?q=x", "https://x.com/home",
                "https://twitter.com/intent/tweet?text=x",
            ]),
        Row(
            key: "threads:@kara.tuman",
            forms: ["threads.net/@kara.tuman", "https://www.threads.com/@Kara.Tuman/post/Cabc"]),
        Row(key: "medium:@kara", forms: ["medium.com/@kara", "https://medium.com/@Kara/some-story-1a2b"]),
        Row(
            key: "linkedin:in/kara-tuman",
            forms: ["linkedin.com/in/kara-tuman", "https://www.linkedin.com/in/Kara-Tuman/"]),
        Row(
            key: "reddit:r/kara", forms: ["reddit.com/r/kara", "https://old.reddit.com/r/Kara/comments/abc/x/"],
            reserved: ["https://redd.it/abc"]),
        Row(
            key: "twitch:kara_tuman", forms: ["twitch.tv/kara_tuman", "https://m.twitch.tv/Kara_Tuman"],
            reserved: ["https://www.twitch.tv/directory"]),
        Row(
            key: "rutube:channel/12345", forms: ["rutube.ru/channel/12345", "https://rutube.ru/channel/12345/videos"],
            reserved: ["https://rutube.ru/video/abc/"]),
        Row(
            key: "dzen:kara", forms: ["dzen.ru/kara", "https://zen.yandex.ru/kara"],
            reserved: ["https://dzen.ru/news"]),
        Row(
            key: "github:kara-tuman", forms: ["github.com/kara-tuman", "https://github.com/Kara-Tuman/repo"],
            reserved: ["https://github.com/orgs/x", "https://github.com/search?q=x"]),
    ]

    /// The form as written and with what browsers, pages and people add to it.
    static func variants(of form: String) -> [String] {
        guard !form.hasPrefix("tg:"), !PlatformTable.all.contains(where: { form.hasPrefix($0.id + ":") }) else {
            return [form]
        }
        let bare = form.hasPrefix("https://") ? String(form.dropFirst(8)) : form
        let slash = bare.firstIndex { $0 == "/" || $0 == "?" } ?? bare.endIndex
        let host = String(bare[..<slash])
        let rest = String(bare[slash...])
        let hasQuery = rest.contains("?")
        var out = [
            form, "https://" + bare, "http://" + bare, "HTTPS://" + host.uppercased() + rest, bare + "#top",
            bare + (hasQuery ? "&" : "?") + "utm_source=tip&fbclid=x", "  https://\(bare)  ",
        ]
        if !hasQuery, !rest.hasSuffix("/") { out.append(bare + "/") }
        let plainHost = host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
        if let platform = PlatformTable.platform(owning: plainHost), platform.accountDomains.contains(plainHost) {
            out.append("https://www." + plainHost + rest)
            out.append("https://m." + plainHost + rest)
        }
        return out
    }

    @Test(arguments: rows)
    func everySpellingOfAnAccountOrItsPostsHasOneKey(row: Row) throws {
        let expected = MatchKey(rawValue: row.key)
        for form in row.forms {
            for text in Self.variants(of: form) {
                #expect(PlatformTable.matchKey(for: text) == expected, "\(text)")
                #expect(PlatformTable.account(in: text)?.matchKey == expected, "\(text)")
            }
        }
        // The key is itself a spelling, and the account's canonical URL reads back as the account.
        #expect(PlatformTable.matchKey(for: row.key) == expected)
        let account = try #require(PlatformTable.account(identity: row.key))
        #expect(account.identity == row.key)
        #expect(PlatformTable.matchKey(for: account.url) == expected, "\(account.url)")
        #expect(PlatformTable.link(account.url)?.isAccountPage == true, "\(account.url)")
    }

    @Test(arguments: rows)
    func reservedPathsNameNoAccount(row: Row) {
        for form in row.reserved {
            for text in Self.variants(of: form) {
                #expect(PlatformTable.account(in: text) == nil, "\(text)")
                let key = PlatformTable.matchKey(for: text)
                #expect(
                    key.map { !$0.rawValue.hasPrefix(row.platform + ":") || $0.rawValue.contains("/") } ?? true,
                    "\(text) → \(String(describing: key))")
            }
        }
    }

    /// Every platform with accounts is in the table above, and reads its own spellings back: a new
    /// platform without a row fails here.
    @Test func everyPlatformIsCoveredAndReadsItsOwnAccountURLs() throws {
        let covered = Set(Self.rows.map(\.platform))
        for platform in PlatformTable.all where platform.hasAccounts {
            #expect(covered.contains(platform.id), "no row for \(platform.id)")
            let typed = platform.rules.handleStyle == .plain ? "Kara_Tuman7" : "@Kara_Tuman7"
            let account = try #require(platform.account(typed: typed), "\(platform.id)")
            for domain in platform.accountDomains {
                for prefix in ["", "www.", "m."] {
                    let url = "https://\(prefix)\(domain)/\(account.handle)/"
                    #expect(PlatformTable.matchKey(for: url) == account.matchKey, "\(url)")
                }
            }
            #expect(PlatformTable.account(identity: account.identity) == account)
            for reserved in platform.rules.reservedPaths {
                let url = "https://\(platform.canonicalHost)/\(reserved)"
                #expect(PlatformTable.account(in: url) == nil, "\(url)")
            }
        }
    }

    @Test func platformsWithoutAccountsNameOnlyURLs() {
        for platform in PlatformTable.all where !platform.hasAccounts {
            for domain in platform.domains {
                #expect(PlatformTable.account(in: "https://\(domain)/kara_tuman") == nil, "\(domain)")
                #expect(PlatformTable.matchKey(for: "https://\(domain)/kara_tuman")?.rawValue.hasPrefix("url:") == true)
                #expect(PlatformTable.matchKey(for: "https://\(domain)/") == nil, "\(domain)")
            }
        }
        // A user's own site on a platform is a website.
        #expect(
            PlatformTable.matchKey(for: "https://kara.blogspot.com/2024/01/x.html")?.rawValue
                == "domain:kara.blogspot.com")
    }

    @Test func postsHaveTheirOwnKey() {
        let same: [(key: String, forms: [String])] = [
            (
                "telegram:kara_tuman/15",
                [
                    "https://t.me/s/kara_tuman/15", "t.me/Kara_Tuman/15?single",
                    "https://telegram.me/kara_tuman/15/", "tg://resolve?domain=kara_tuman&post=15",
                ]
            ),
            (
                "youtube:video/abcdEFGH123",
                [
                    "https://youtu.be/abcdEFGH123", "https://www.youtube.com/watch?v=abcdEFGH123&t=5",
                    "https://m.youtube.com/shorts/abcdEFGH123", "youtube.com/live/abcdEFGH123",
                ]
            ),
            ("x:status/1234", ["https://x.com/kara_tuman/status/1234", "https://twitter.com/i/web/status/1234/"]),
            ("instagram:p/Cxyz123", ["https://www.instagram.com/p/Cxyz123/", "instagram.com/kara.tuman/reel/Cxyz123"]),
            ("vk:wall-123_456", ["https://vk.com/wall-123_456", "https://vk.com/club123?w=wall-123_456"]),
        ]
        for (key, forms) in same {
            for form in forms {
                #expect(PlatformTable.postKey(for: form)?.rawValue == key, "\(form)")
            }
        }
        // A post whose account the URL does not name is matched by the post itself.
        #expect(PlatformTable.matchKey(for: "https://youtu.be/abcdEFGH123")?.rawValue == "youtube:video/abcdEFGH123")
        #expect(PlatformTable.matchKey(for: "youtube:video/abcdEFGH123")?.rawValue == "youtube:video/abcdEFGH123")
        #expect(
            PlatformTable.postKey(for: "https://t.me/s/kara_tuman/16")
                != PlatformTable.postKey(for: "t.me/kara_tuman/15"))
        #expect(PlatformTable.postKey(for: "https://t.me/kara_tuman") == nil)
    }

    /// A channel id and a handle may be one channel, but only fetching its page could tell: two keys.
    @Test func youtubeChannelIDsKeepTheirCaseAndDifferFromHandles() {
        let id = Self.channelID
        #expect(
            PlatformTable.matchKey(for: "youtube.com/channel/\(id)")
                != PlatformTable.matchKey(for: "youtube.com/@kara_tuman"))
        #expect(
            PlatformTable.matchKey(for: "youtube.com/channel/\(id.lowercased())")
                != PlatformTable.matchKey(for: "youtube.com/channel/\(id)"))
        #expect(PlatformTable.named("youtube")?.account(typed: id)?.identity == "youtube:channel/\(id)")
        #expect(PlatformTable.named("youtube")?.account(typed: "@Kara_Tuman")?.handle == "@Kara_Tuman")
    }

    @Test func sitesAreKeyedByHost() {
        for text in [
            "https://www.Example.ORG/news/?utm_source=x", "example.org", "http://example.org:8080/a/b#c",
            "domain:example.org", "example.org/news", "EXAMPLE.ORG.",
        ] {
            #expect(PlatformTable.matchKey(for: text)?.rawValue == "domain:example.org", "\(text)")
        }
        #expect(PlatformTable.matchKey(for: "https://news.example.org/")?.rawValue == "domain:news.example.org")
        #expect(PlatformTable.matchKey(for: "https://пример.кг/жаңылык")?.rawValue == "domain:xn--e1afmkfd.xn--c1an")
        for text in ["", "   ", "javascript:alert(1)", "ftp://example.org/", "https://user:pw@example.org/"] {
            #expect(PlatformTable.matchKey(for: text) == nil, "\(text)")
        }
    }

    @Test func containedTextIsInEveryStoredSpelling() {
        for row in Self.rows {
            let key = MatchKey(rawValue: row.key)
            let account = PlatformTable.account(identity: row.key)
            for stored in [row.key, account?.url ?? ""] {
                #expect(stored.lowercased().contains(key.containedText), "\(stored) ∌ \(key.containedText)")
            }
        }
        #expect(MatchKey(rawValue: "domain:example.org").containedText == "example.org")
        #expect(MatchKey(rawValue: "url:t.me/joinchat/x").containedText == "t.me")
    }

    @Test func hostsAndKinds() {
        #expect(PlatformTable.platform(owning: "cdn4.telegram-cdn.org") == nil)
        #expect(PlatformTable.isPlatformOrInfrastructure("cdn4.telegram-cdn.org"))
        #expect(PlatformTable.isPlatformOrInfrastructure("i.ytimg.com"))
        #expect(!PlatformTable.isPlatformOrInfrastructure("kara.blogspot.com"))
        #expect(!PlatformTable.isPlatformOrInfrastructure("example.org"))
        #expect(PlatformTable.platform(owning: "drive.google.com")?.id == "file-sharing")
        #expect(PlatformTable.platform(owning: "web.facebook.com")?.id == "facebook")
        for kind in SourceKind.allCases {
            #expect(PlatformTable.platform(for: kind)?.sourceKind == (kind.isPlatformAccount ? kind : nil))
        }
        #expect(SourceKind.platformAccounts == [.telegram, .youtube, .facebook, .instagram, .tiktok, .vk, .ok])
        var seen: Set<String> = []
        for platform in PlatformTable.all {
            #expect(PlatformTable.named(platform.id) == platform)
            for domain in platform.domains + platform.infrastructureDomains {
                #expect(seen.insert(domain).inserted, "\(domain) listed twice")
            }
        }
    }
}
