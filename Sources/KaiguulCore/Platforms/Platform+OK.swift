extension Platform {
    /// Odnoklassniki: `ok.ru/name`, `ok.ru/group/123`, `ok.ru/profile/123`; posts as
    /// `group/123/topic/456`, `profile/123/statuses/456`, and videos as `video/ID`.
    static let ok = Platform(
        id: "ok", sourceKind: .ok,
        domains: ["ok.ru", "odnoklassniki.ru"], infrastructure: ["mycdn.me", "okcdn.ru"],
        canonicalHost: "ok.ru",
        rules: Rules(
            namespacePrefixes: ["group", "profile"],
            reservedPaths: [
                "video", "music", "dk", "game", "games", "feed", "search", "live", "messages", "app",
                "apps", "settings", "help", "guests", "marks", "notifications",
            ],
            accountTabs: ["topics", "members", "photos", "albums", "video", "about"],
            accountPosts: [PostForm("topic/#", as: "topic"), PostForm("statuses/#", as: "topic")],
            platformPosts: [PostForm("video/#", as: "video")]
        )
    )
}
