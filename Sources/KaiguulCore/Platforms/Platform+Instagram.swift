extension Platform {
    /// `instagram.com/name` and its tabs; posts as `p/CODE`, `reel/CODE`, `tv/CODE` (with or without
    /// the account before them: one code is one post) and `stories/name/ID`.
    static let instagram = Platform(
        id: "instagram", sourceKind: .instagram,
        domains: ["instagram.com", "instagr.am"], infrastructure: ["cdninstagram.com"],
        canonicalHost: "www.instagram.com",
        rules: Rules(
            reservedPaths: [
                "p", "reel", "reels", "tv", "stories", "explore", "accounts", "direct", "about",
                "developer", "legal", "web", "challenge", "emails", "privacy",
            ],
            accountTabs: ["reels", "tagged", "guides", "feed", "channel"],
            accountPosts: [PostForm("p/*", as: "p"), PostForm("reel/*", as: "p"), PostForm("tv/*", as: "p")],
            platformPosts: [
                PostForm("p/*", as: "p"), PostForm("reel/*", as: "p"), PostForm("reels/*", as: "p"),
                PostForm("tv/*", as: "p"),
            ],
            special: instagramStory
        )
    )

    /// `stories/name/ID` is a story of `name`; `stories/highlights/ID` names no account.
    @Sendable private static func instagramStory(_ platform: Platform, _ address: Address) -> PlatformLink? {
        let s = address.segments
        guard platform.isAccountHost(address.host), s.count >= 2, s[0].lowercased() == "stories",
            s[1].lowercased() != "highlights", let account = platform.handle(s[1])
        else { return nil }
        var link = PlatformLink(platform: platform, account: account)
        if s.count >= 3, let id = Platform.validToken(s[2]) { link.post = "stories/" + id }
        return link
    }
}
