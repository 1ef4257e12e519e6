extension Platform {
    /// `youtube.com/@handle` (handles ignore case but print as written), `youtube.com/channel/UC…`
    /// (channel ids are case-sensitive), the legacy `c/name` and `user/name`, each with its tabs
    /// (`/videos`, `/shorts`, …); the RSS feed names the channel by query. Videos (`watch?v=`,
    /// `shorts/`, `live/`, `embed/`, `youtu.be/`) do not say their channel.
    ///
    /// A channel id and a handle cannot be proven to be one channel without fetching its page, so
    /// they are two keys (`youtube:channel/UC…`, `youtube:@x`); `youtube.com/name` (no `@`) is a
    /// legacy address that may be either, and is read as no account at all.
    static let youtube = Platform(
        id: "youtube", sourceKind: .youtube,
        domains: ["youtube.com", "youtu.be", "youtube-nocookie.com"],
        infrastructure: ["ytimg.com", "googlevideo.com", "ggpht.com", "youtubei.googleapis.com"],
        canonicalHost: "www.youtube.com",
        rules: Rules(
            accountDomains: ["youtube.com"], accountHostPrefixes: ["m", "music", "gaming"],
            shortLinkHosts: ["youtu.be"], namespacePrefixes: ["channel", "c", "user"],
            caseSensitiveNamespaces: ["channel"],
            queryAccounts: [
                QueryAccount(path: "feeds/videos.xml", parameter: "channel_id", namespace: "channel"),
                QueryAccount(path: "feeds/videos.xml", parameter: "user", namespace: "user"),
            ],
            reservedPaths: [
                "watch", "shorts", "playlist", "results", "embed", "feed", "feeds", "live", "hashtag",
                "redirect", "attribution_link", "account", "premium", "gaming", "post", "v",
                "signin", "logout", "t", "about",
            ],
            accountTabs: [
                "videos", "shorts", "streams", "live", "playlists", "community", "posts", "featured",
                "about", "podcasts", "releases", "store", "courses", "channels", "search",
            ],
            platformPosts: [
                PostForm("watch", parameter: "v", as: "video"), PostForm("shorts/*", as: "video"),
                PostForm("live/*", as: "video"), PostForm("embed/*", as: "video"),
                PostForm("v/*", as: "video"), PostForm("*", as: "video", host: "youtu.be"),
            ],
            handleStyle: .atKept, printsHandleCase: true,
            bareID: BareID(prefix: "UC", length: 24, namespace: "channel")
        )
    )
}
