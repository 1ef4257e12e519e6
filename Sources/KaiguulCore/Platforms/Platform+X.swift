extension Platform {
    /// X (Twitter): `x.com/name` or `twitter.com/name` and its tabs; posts as `name/status/ID` or
    /// `i/web/status/ID` (ids are platform-wide); `t.co` is the short-link host.
    static let x = Platform(
        id: "x",
        domains: ["x.com", "twitter.com", "t.co"], infrastructure: ["twimg.com"],
        canonicalHost: "x.com",
        rules: Rules(
            shortLinkHosts: ["t.co"],
            reservedPaths: [
                "i", "search", "hashtag", "intent", "home", "explore", "settings", "messages",
                "notifications", "share", "login", "logout", "signup", "tos", "privacy", "compose",
            ],
            accountTabs: [
                "with_replies", "media", "likes", "highlights", "followers", "following",
                "verified_followers", "articles",
            ],
            accountPosts: [PostForm("status/#", as: "status"), PostForm("statuses/#", as: "status")],
            platformPosts: [PostForm("i/web/status/#", as: "status"), PostForm("i/status/#", as: "status")]
        )
    )
}
