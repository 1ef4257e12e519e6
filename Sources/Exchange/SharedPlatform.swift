/// A platform on which many unrelated people publish (Telegram, YouTube, Facebook, …). A court order
/// against one channel, page or video there must never block the platform: it becomes a URL- or
/// account-level entry, which DNS-based lists (RPZ, hosts, domains) leave out.
///
/// A new platform is one more value in `all`; nothing else changes.
public struct SharedPlatform: Sendable, Identifiable {
    /// Stable name used in exports (`telegram`, `youtube`, …).
    public let id: String
    /// Registered domains; every host under them belongs to the platform.
    public let domains: [String]
    /// The host used to spell canonical account URLs.
    public let canonicalHost: String
    /// Hosts under which a path is never an account (link shorteners, video short links).
    let shortLinkHosts: Set<String>
    /// Path segments that only choose a view of an account and are dropped (`t.me/s/name`).
    let viewPrefixes: Set<String>
    /// Path segments that start a separate namespace of accounts and are kept
    /// (`youtube.com/channel/ID`, `ok.ru/group/ID`).
    let namespacePrefixes: Set<String>
    /// First path segments that are the platform's own pages, not accounts.
    let reservedPaths: Set<String>
    /// Prefixes of first segments that name content, not accounts (`vk.com/wall-1_2`).
    let contentPrefixes: [String]
    let handleStyle: HandleStyle
    let handlesIgnoreCase: Bool
    /// Whether accounts can be recognised at all; if not, every path is URL-level.
    let hasAccounts: Bool
    /// `name.blogspot.com` is that author's own site: a user subdomain may be blocked as a domain,
    /// while the platform's bare domain and `www` may not.
    let userSubdomains: Bool

    enum HandleStyle: Sendable {
        /// `/name`, or `/@name` where the platform also accepts it.
        case plain
        /// Only `/@name` is an account (TikTok, Medium, Threads).
        case atOnly
        /// `/@name` and `/name` name different things; keep the `@` (YouTube).
        case atKept
    }

    init(
        id: String, domains: [String], canonicalHost: String, shortLinkHosts: Set<String> = [],
        viewPrefixes: Set<String> = [], namespacePrefixes: Set<String> = [], reservedPaths: Set<String> = [],
        contentPrefixes: [String] = [], handleStyle: HandleStyle = .plain, handlesIgnoreCase: Bool = true,
        hasAccounts: Bool = true, userSubdomains: Bool = false
    ) {
        self.id = id
        self.domains = domains
        self.canonicalHost = canonicalHost
        self.shortLinkHosts = shortLinkHosts
        self.viewPrefixes = viewPrefixes
        self.namespacePrefixes = namespacePrefixes
        self.reservedPaths = reservedPaths
        self.contentPrefixes = contentPrefixes
        self.handleStyle = handleStyle
        self.handlesIgnoreCase = handlesIgnoreCase
        self.hasAccounts = hasAccounts
        self.userSubdomains = userSubdomains
    }

    public static let all: [SharedPlatform] = [
        SharedPlatform(
            id: "telegram", domains: ["t.me", "telegram.me", "telegram.dog", "telegram.org", "telegra.ph"],
            canonicalHost: "t.me", shortLinkHosts: ["telegra.ph", "telegram.org"], viewPrefixes: ["s"],
            reservedPaths: ["joinchat", "addstickers", "addemoji", "addtheme", "share", "proxy", "socks", "iv",
                            "setlanguage", "login", "c", "contact", "boost", "invoice"]
        ),
        SharedPlatform(
            id: "youtube", domains: ["youtube.com", "youtu.be", "youtube-nocookie.com"],
            canonicalHost: "www.youtube.com", shortLinkHosts: ["youtu.be"],
            namespacePrefixes: ["channel", "c", "user"],
            reservedPaths: ["watch", "shorts", "playlist", "results", "embed", "feed", "live", "hashtag",
                            "redirect", "attribution_link", "account", "premium", "gaming", "post", "v",
                            "signin", "logout", "t", "about"],
            handleStyle: .atKept, handlesIgnoreCase: false
        ),
        SharedPlatform(
            id: "facebook", domains: ["facebook.com", "fb.com", "fb.me", "fb.watch", "messenger.com"],
            canonicalHost: "www.facebook.com", shortLinkHosts: ["fb.watch", "messenger.com"],
            namespacePrefixes: ["groups"],
            reservedPaths: ["watch", "share", "story.php", "photo.php", "permalink.php", "profile.php", "events",
                            "marketplace", "gaming", "login", "login.php", "help", "hashtag", "reel", "reels",
                            "photo", "video.php", "l.php", "sharer.php", "sharer", "plugins", "pages", "stories",
                            "media", "search", "home.php"]
        ),
        SharedPlatform(
            id: "instagram", domains: ["instagram.com", "instagr.am"], canonicalHost: "www.instagram.com",
            reservedPaths: ["p", "reel", "reels", "tv", "stories", "explore", "accounts", "direct", "about",
                            "developer", "legal"]
        ),
        SharedPlatform(
            id: "tiktok", domains: ["tiktok.com"], canonicalHost: "www.tiktok.com",
            shortLinkHosts: ["vm.tiktok.com", "vt.tiktok.com"], handleStyle: .atOnly
        ),
        SharedPlatform(
            id: "vk", domains: ["vk.com", "vk.ru", "vkontakte.ru", "vk.me", "vk.cc", "vkvideo.ru"],
            canonicalHost: "vk.com", shortLinkHosts: ["vk.cc", "vkvideo.ru"],
            reservedPaths: ["feed", "im", "friends", "search", "away.php", "login", "settings", "groups", "video",
                            "music", "audio", "apps", "market", "services", "docs", "about", "support",
                            "clips", "bugs"],
            contentPrefixes: ["wall", "video", "photo", "album", "topic", "board", "clip", "audio", "doc",
                              "market", "note", "poll", "story", "podcast", "article", "playlist"]
        ),
        SharedPlatform(
            id: "ok", domains: ["ok.ru", "odnoklassniki.ru"], canonicalHost: "ok.ru",
            namespacePrefixes: ["group", "profile"],
            reservedPaths: ["video", "music", "dk", "games", "feed", "search", "live", "messages", "app"]
        ),
        SharedPlatform(
            id: "x", domains: ["x.com", "twitter.com", "t.co"], canonicalHost: "x.com", shortLinkHosts: ["t.co"],
            reservedPaths: ["i", "search", "hashtag", "intent", "home", "explore", "settings", "messages",
                            "notifications", "share", "login", "logout", "signup", "tos", "privacy", "compose"]
        ),
        SharedPlatform(id: "threads", domains: ["threads.net", "threads.com"], canonicalHost: "www.threads.net",
                       handleStyle: .atOnly),
        SharedPlatform(id: "medium", domains: ["medium.com"], canonicalHost: "medium.com", handleStyle: .atOnly,
                       userSubdomains: true),
        SharedPlatform(id: "whatsapp", domains: ["whatsapp.com", "wa.me"], canonicalHost: "wa.me",
                       hasAccounts: false),
        SharedPlatform(id: "discord", domains: ["discord.com", "discord.gg", "discordapp.com"],
                       canonicalHost: "discord.com", hasAccounts: false),
        SharedPlatform(id: "linkedin", domains: ["linkedin.com"], canonicalHost: "www.linkedin.com",
                       namespacePrefixes: ["in", "company"], reservedPaths: [], hasAccounts: true),
        SharedPlatform(id: "reddit", domains: ["reddit.com", "redd.it"], canonicalHost: "www.reddit.com",
                       shortLinkHosts: ["redd.it"], namespacePrefixes: ["r", "u", "user"]),
        SharedPlatform(id: "twitch", domains: ["twitch.tv"], canonicalHost: "www.twitch.tv",
                       reservedPaths: ["directory", "videos", "search", "settings", "p", "downloads", "jobs"]),
        SharedPlatform(id: "rutube", domains: ["rutube.ru"], canonicalHost: "rutube.ru",
                       namespacePrefixes: ["channel"], reservedPaths: ["video", "shorts", "feeds", "search"]),
        SharedPlatform(id: "dzen", domains: ["dzen.ru", "zen.yandex.ru"], canonicalHost: "dzen.ru",
                       reservedPaths: ["a", "b", "video", "shorts", "news", "articles", "search"]),
        SharedPlatform(id: "google", domains: ["google.com", "goo.gl", "blogger.com", "youtube.googleapis.com"],
                       canonicalHost: "www.google.com", hasAccounts: false),
        SharedPlatform(id: "blogspot", domains: ["blogspot.com"], canonicalHost: "www.blogspot.com",
                       hasAccounts: false, userSubdomains: true),
        SharedPlatform(id: "wordpress", domains: ["wordpress.com"], canonicalHost: "wordpress.com",
                       hasAccounts: false, userSubdomains: true),
        SharedPlatform(id: "tumblr", domains: ["tumblr.com"], canonicalHost: "www.tumblr.com",
                       hasAccounts: false, userSubdomains: true),
        SharedPlatform(id: "livejournal", domains: ["livejournal.com"], canonicalHost: "www.livejournal.com",
                       hasAccounts: false, userSubdomains: true),
        SharedPlatform(id: "github", domains: ["github.com"], canonicalHost: "github.com",
                       reservedPaths: ["orgs", "settings", "search", "topics", "marketplace", "explore", "login"]),
        SharedPlatform(id: "github-pages", domains: ["github.io"], canonicalHost: "github.io", hasAccounts: false,
                       userSubdomains: true),
        SharedPlatform(id: "archive", domains: ["archive.org"], canonicalHost: "archive.org", hasAccounts: false),
        SharedPlatform(id: "file-sharing",
                       domains: ["dropbox.com", "mega.nz", "disk.yandex.ru", "disk.yandex.com", "yadi.sk",
                                 "cloud.mail.ru", "mediafire.com", "drive.google.com"],
                       canonicalHost: "dropbox.com", hasAccounts: false),
        SharedPlatform(id: "yandex", domains: ["yandex.ru", "yandex.kz", "ya.ru"], canonicalHost: "yandex.ru",
                       hasAccounts: false),
        SharedPlatform(id: "mail.ru", domains: ["mail.ru", "my.mail.ru"], canonicalHost: "my.mail.ru",
                       hasAccounts: false),
        SharedPlatform(id: "wikipedia", domains: ["wikipedia.org", "wikimedia.org"],
                       canonicalHost: "wikipedia.org", hasAccounts: false),
    ]

    /// The platform with this id.
    public static func named(_ id: String) -> SharedPlatform? {
        all.first { $0.id == id }
    }

    /// The platform a (normalised) host belongs to, if any: the host is one of its domains or under one.
    public static func owning(host: String) -> SharedPlatform? {
        all.first { platform in platform.matchingDomain(for: host) != nil }
    }

    func matchingDomain(for host: String) -> String? {
        domains.first { host == $0 || host.hasSuffix("." + $0) }
    }

    /// A host that is a user's own site on this platform (`name.blogspot.com`), not the platform.
    func isUserSite(host: String) -> Bool {
        guard userSubdomains, let domain = matchingDomain(for: host), host != domain else { return false }
        return host != "www." + domain && host != "m." + domain
    }

    /// The account a path names, or nil if the path names a post, a video, a search or anything else.
    /// `segments` are the decoded path segments without empty ones.
    func account(host: String, segments: [String], hasQuery: Bool) -> String? {
        guard hasAccounts, !hasQuery, !shortLinkHosts.contains(host) else { return nil }
        guard !shortLinkHosts.contains(where: { host.hasSuffix("." + $0) }) else { return nil }
        var path = segments
        if let first = path.first, viewPrefixes.contains(first.lowercased()) { path.removeFirst() }
        if path.count == 2, namespacePrefixes.contains(path[0].lowercased()) {
            guard let handle = Self.validHandle(path[1], allowAt: false) else { return nil }
            let id = handlesIgnoreCase ? handle.lowercased() : handle
            return path[0].lowercased() + "/" + id
        }
        guard path.count == 1 else { return nil }
        let segment = path[0]
        let lower = segment.lowercased()
        guard !reservedPaths.contains(lower), !namespacePrefixes.contains(lower) else { return nil }
        if contentPrefixes.contains(where: { lower.hasPrefix($0) && Self.isContentID(lower.dropFirst($0.count)) }) {
            return nil
        }
        let handle: String
        switch handleStyle {
        case .plain:
            guard let h = Self.validHandle(segment.hasPrefix("@") ? String(segment.dropFirst()) : segment,
                                           allowAt: false) else { return nil }
            // `@s` must not become `t.me/s`, which reads back as a view prefix, not an account.
            let bare = h.lowercased()
            guard !reservedPaths.contains(bare), !viewPrefixes.contains(bare), !namespacePrefixes.contains(bare)
            else { return nil }
            handle = h
        case .atOnly:
            guard segment.hasPrefix("@"), let h = Self.validHandle(String(segment.dropFirst()), allowAt: false)
            else { return nil }
            handle = "@" + h
        case .atKept:
            guard let h = Self.validHandle(segment, allowAt: true) else { return nil }
            handle = h
        }
        return handlesIgnoreCase ? handle.lowercased() : handle
    }

    /// The URL that names an account on this platform.
    public func accountURL(handle: String) -> String {
        "https://\(canonicalHost)/\(handle)"
    }

    /// `123`, `-123_45`: what follows a content prefix on VK.
    private static func isContentID(_ rest: Substring) -> Bool {
        guard let first = rest.first else { return false }
        return first == "-" || first.isASCII && first.isNumber
    }

    static let maxHandleLength = 100

    static func validHandle(_ text: String, allowAt: Bool) -> String? {
        var body = Substring(text)
        if allowAt, body.hasPrefix("@") { body = body.dropFirst() }
        guard !body.isEmpty, body.count <= maxHandleLength else { return nil }
        let ok = body.unicodeScalars.allSatisfy { s in
            (s.value >= 0x61 && s.value <= 0x7A) || (s.value >= 0x41 && s.value <= 0x5A)
                || (s.value >= 0x30 && s.value <= 0x39) || s == "_" || s == "." || s == "-"
        }
        guard ok, !body.hasPrefix("."), !body.hasSuffix(".") else { return nil }
        return text
    }
}
