import Foundation

extension Platform {
    /// `t.me/name`, `t.me/s/name` (the web preview), `t.me/name/15` and `t.me/s/name/15` (a post,
    /// numbered within its channel), `name.t.me`, `tg://resolve?domain=name`. Names are 3–64 of
    /// `a–z 0–9 _` and ignore case. `t.me/+hash` and `t.me/joinchat/…` are private invites;
    /// `t.me/c/…` are posts of private channels, known only by number.
    static let telegram = Platform(
        id: "telegram", sourceKind: .telegram,
        domains: ["t.me", "telegram.me", "telegram.dog", "telegram.org", "telegra.ph"],
        infrastructure: ["telegram-cdn.org", "telesco.pe", "cdn-telegram.org"],
        canonicalHost: "t.me",
        rules: Rules(
            accountDomains: ["t.me", "telegram.me", "telegram.dog"], accountSubdomainsOf: "t.me",
            shortLinkHosts: ["telegra.ph", "telegram.org"], viewPrefixes: ["s"],
            reservedPaths: [
                "joinchat", "addstickers", "addemoji", "addtheme", "addlist", "share", "proxy", "socks",
                "iv", "setlanguage", "login", "c", "contact", "boost", "invoice", "confirmphone", "bg",
                "k", "a", "z", "dl", "apps", "blog", "faq", "privacy", "tos", "api", "premium",
            ],
            accountPosts: [PostForm("#", as: "")], postsCountPerAccount: true,
            handleExtraCharacters: "_", handleLength: 3...64,
            special: telegramAppLink
        )
    )

    /// `tg://resolve?domain=name&post=15`, the link Telegram's apps open, arrives here as host `resolve`.
    @Sendable private static func telegramAppLink(_ platform: Platform, _ address: Address) -> PlatformLink? {
        guard address.host == "resolve", address.segments.isEmpty, let name = address.value("domain") else {
            return nil
        }
        guard let account = platform.handle(name) else { return PlatformLink(platform: platform) }
        var link = PlatformLink(platform: platform, account: account)
        if let post = address.value("post"), !post.isEmpty, post.count <= 30, post.allSatisfy(\.isASCIIDigit) {
            link.post = post
        } else {
            link.isAccountPage = true
        }
        return link
    }
}
