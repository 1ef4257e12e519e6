import KaiguulCore

/// The hosts under which each platform serves its accounts' pages.
enum PlatformHost {
    private static let hosts: [String: SourceKind] = [
        "t.me": .telegram, "telegram.me": .telegram, "telegram.dog": .telegram,
        "youtube.com": .youtube, "m.youtube.com": .youtube, "music.youtube.com": .youtube,
        "facebook.com": .facebook, "m.facebook.com": .facebook, "web.facebook.com": .facebook,
        "fb.com": .facebook, "mbasic.facebook.com": .facebook,
        "instagram.com": .instagram, "m.instagram.com": .instagram,
        "tiktok.com": .tiktok, "m.tiktok.com": .tiktok,
        "vk.com": .vk, "m.vk.com": .vk, "vk.ru": .vk, "m.vk.ru": .vk,
        "ok.ru": .ok, "m.ok.ru": .ok, "odnoklassniki.ru": .ok,
    ]

    /// Hosts of the platforms' own machinery (CDNs, short links, web clients) that are not
    /// independent websites and so never become website candidates.
    private static let infrastructureSuffixes: [String] = [
        "telegram.org", "telegram-cdn.org", "telesco.pe", "ytimg.com", "youtu.be", "googlevideo.com",
        "ggpht.com", "fbcdn.net", "fbsbx.com", "cdninstagram.com", "tiktokcdn.com", "userapi.com",
        "vk.me", "mycdn.me", "okcdn.ru", "google.com", "gstatic.com", "googleapis.com", "doubleclick.net",
    ]

    /// `host` must already be lowercase without `www.`.
    static func kind(ofHost host: String) -> SourceKind? {
        hosts[host]
    }

    private static let dottedSuffixes: [String] = hosts.keys.map { "." + $0 } + infrastructureSuffixes.map { "." + $0 }
    private static let infrastructureHosts = Set(infrastructureSuffixes)

    static func isPlatformOrInfrastructure(_ host: String) -> Bool {
        if hosts[host] != nil || infrastructureHosts.contains(host) { return true }
        return dottedSuffixes.contains { host.hasSuffix($0) }
    }
}
