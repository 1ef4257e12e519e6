extension Platform {
    /// `vk.com/name` (also `vk.ru`, `m.`), `club123` = `public123` = `event123` (one community);
    /// content as `wall-123_456` (post 456 of community 123; a positive owner is user `id123`) and as
    /// `name?w=wall-123_456`.
    static let vk = Platform(
        id: "vk", sourceKind: .vk,
        domains: ["vk.com", "vk.ru", "vkontakte.ru", "vk.me", "vk.cc", "vkvideo.ru"],
        infrastructure: ["userapi.com", "vk-cdn.net", "vkuser.net", "vkuseraudio.net", "vkuservideo.net"],
        canonicalHost: "vk.com",
        rules: Rules(
            accountDomains: ["vk.com", "vk.ru", "vkontakte.ru"], shortLinkHosts: ["vk.cc", "vkvideo.ru", "vk.me"],
            reservedPaths: [
                "feed", "im", "friends", "search", "away.php", "login", "login.php", "settings", "groups",
                "video", "music", "audio", "apps", "app", "market", "services", "docs", "doc", "about",
                "support", "clips", "clip", "bugs", "share.php", "wall", "photo", "dev", "terms",
            ],
            contentPrefixes: [
                "wall", "video", "photo", "album", "topic", "board", "clip", "audio", "doc",
                "market", "note", "poll", "story", "podcast", "article", "playlist",
            ],
            accountPosts: [PostForm("", parameter: "w", as: "")],
            numberedAliases: ["public": "club", "event": "club"],
            special: vkContent
        )
    )

    /// `wall-123_456`: content whose owner is in its id (negative: community `club123`; positive: `id123`).
    @Sendable private static func vkContent(_ platform: Platform, _ address: Address) -> PlatformLink? {
        guard platform.isAccountHost(address.host), let first = address.segments.first?.lowercased(),
            let prefix = platform.rules.contentPrefixes.first(where: {
                first.hasPrefix($0) && Platform.isContentID(first.dropFirst($0.count))
            })
        else { return nil }
        var link = PlatformLink(platform: platform, post: first)
        let id = first.dropFirst(prefix.count)
        let owner = id.prefix { $0 == "-" || $0.isASCIIDigit }
        if id.dropFirst(owner.count).first == "_" {
            let number = owner.hasPrefix("-") ? "club" + owner.dropFirst() : "id" + owner
            link.account = number.count > 2 ? platform.handle(number) : nil
        }
        return link
    }
}
