extension Platform {
    /// `facebook.com/name` (also `m.`, `web.`, `mbasic.` and `fb.com`), `profile.php?id=123` and
    /// `people/Name/123` (one numeric profile, `id/123`), `groups/name`; posts as `name/posts/ID`,
    /// `name/videos/ID`, `groups/name/permalink/ID`, `permalink.php?story_fbid=ID&id=123`,
    /// `watch?v=ID`, `reel/ID`.
    static let facebook = Platform(
        id: "facebook", sourceKind: .facebook,
        domains: ["facebook.com", "fb.com", "fb.me", "fb.watch", "messenger.com"],
        infrastructure: ["fbcdn.net", "fbsbx.com", "facebook.net"],
        canonicalHost: "www.facebook.com",
        rules: Rules(
            accountDomains: ["facebook.com", "fb.com"],
            accountHostPrefixes: ["m", "mobile", "web", "mbasic", "touch", "business"],
            shortLinkHosts: ["fb.watch", "messenger.com", "fb.me"], namespacePrefixes: ["groups"],
            namespaceURLs: ["id": "profile.php?id="],
            queryAccounts: [QueryAccount(path: "profile.php", parameter: "id", namespace: "id")],
            reservedPaths: [
                "watch", "share", "share.php", "sharer", "sharer.php", "story.php", "photo.php",
                "permalink.php", "profile.php", "events", "marketplace", "gaming", "login", "login.php",
                "help", "hashtag", "reel", "reels", "photo", "video.php", "l.php", "plugins", "pages",
                "stories", "media", "search", "home.php", "policies", "privacy", "dialog", "tr",
                "people", "friends", "notifications", "messages", "settings", "bookmarks", "ads",
            ],
            accountTabs: [
                "about", "photos", "videos", "posts", "reels", "events", "community", "followers",
                "following", "friends", "mentions", "reviews", "live_videos", "members", "media",
            ],
            accountPosts: [
                PostForm("posts/*", as: "posts"), PostForm("videos/*", as: "videos"),
                PostForm("permalink/*", as: "posts"), PostForm("reel/*", as: "reel"),
            ],
            platformPosts: [
                PostForm("watch", parameter: "v", as: "videos"), PostForm("reel/*", as: "reel"),
                PostForm("story.php", parameter: "story_fbid", as: "posts"),
            ],
            special: facebookSpecial
        )
    )

    /// `people/Name/123` names profile 123; `permalink.php?story_fbid=X&id=123` is post X of profile 123.
    @Sendable private static func facebookSpecial(_ platform: Platform, _ address: Address) -> PlatformLink? {
        guard platform.isAccountHost(address.host), let first = address.segments.first?.lowercased() else {
            return nil
        }
        if first == "people", address.segments.count >= 3, address.segments[2].allSatisfy(\.isASCIIDigit),
            let account = platform.namespaced("id", address.segments[2])
        {
            var link = PlatformLink(platform: platform, account: account)
            link.isAccountPage = address.segments.count == 3
            return link
        }
        if first == "permalink.php" || first == "story.php", let owner = address.value("id"),
            owner.allSatisfy(\.isASCIIDigit), let account = platform.namespaced("id", owner),
            let story = address.value("story_fbid").flatMap(Platform.validToken)
        {
            return PlatformLink(platform: platform, account: account, post: "posts/" + story)
        }
        return nil
    }
}
