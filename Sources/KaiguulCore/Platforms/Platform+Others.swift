extension Platform {
    /// Shared platforms the programme does not watch as sources but must never block whole: a court
    /// order against a page there is URL- or account-level. Where accounts are not recognised, every
    /// path is URL-level; where users have their own subdomain (`name.blogspot.com`), that subdomain
    /// is the user's site and may be blocked as a domain.
    static let others: [Platform] = [
        Platform(
            id: "threads", domains: ["threads.net", "threads.com"], canonicalHost: "www.threads.net",
            rules: Rules(accountPosts: [PostForm("post/*", as: "post")], handleStyle: .atOnly)),
        Platform(
            id: "medium", domains: ["medium.com"], canonicalHost: "medium.com",
            rules: Rules(handleStyle: .atOnly, userSubdomains: true)),
        Platform(id: "whatsapp", domains: ["whatsapp.com", "wa.me"], canonicalHost: "wa.me", hasAccounts: false),
        Platform(
            id: "discord", domains: ["discord.com", "discord.gg", "discordapp.com"],
            infrastructure: ["discordapp.net"], canonicalHost: "discord.com", hasAccounts: false),
        Platform(
            id: "linkedin", domains: ["linkedin.com"], infrastructure: ["licdn.com"],
            canonicalHost: "www.linkedin.com", rules: Rules(namespacePrefixes: ["in", "company"])),
        Platform(
            id: "reddit", domains: ["reddit.com", "redd.it"], infrastructure: ["redditmedia.com", "redditstatic.com"],
            canonicalHost: "www.reddit.com",
            rules: Rules(
                accountHostPrefixes: ["m", "old", "new", "np"], shortLinkHosts: ["redd.it"],
                namespacePrefixes: ["r", "u", "user"])),
        Platform(
            id: "twitch", domains: ["twitch.tv"], infrastructure: ["jtvnw.net", "ttvnw.net"],
            canonicalHost: "www.twitch.tv",
            rules: Rules(reservedPaths: ["directory", "videos", "search", "settings", "p", "downloads", "jobs"])),
        Platform(
            id: "rutube", domains: ["rutube.ru"], canonicalHost: "rutube.ru",
            rules: Rules(
                namespacePrefixes: ["channel"], reservedPaths: ["video", "shorts", "feeds", "search"],
                platformPosts: [PostForm("video/*", as: "video"), PostForm("shorts/*", as: "video")])),
        Platform(
            id: "dzen", domains: ["dzen.ru", "zen.yandex.ru"], canonicalHost: "dzen.ru",
            rules: Rules(reservedPaths: ["a", "b", "video", "shorts", "news", "articles", "search"])),
        Platform(
            id: "google", domains: ["google.com", "goo.gl", "blogger.com", "youtube.googleapis.com"],
            infrastructure: [
                "gstatic.com", "googleapis.com", "googleusercontent.com", "doubleclick.net",
                "googletagmanager.com", "google-analytics.com", "googlesyndication.com",
            ],
            canonicalHost: "www.google.com", hasAccounts: false),
        Platform(
            id: "blogspot", domains: ["blogspot.com"], canonicalHost: "www.blogspot.com", hasAccounts: false,
            rules: Rules(userSubdomains: true)),
        Platform(
            id: "wordpress", domains: ["wordpress.com"], infrastructure: ["wp.com"],
            canonicalHost: "wordpress.com", hasAccounts: false, rules: Rules(userSubdomains: true)),
        Platform(
            id: "tumblr", domains: ["tumblr.com"], canonicalHost: "www.tumblr.com", hasAccounts: false,
            rules: Rules(userSubdomains: true)),
        Platform(
            id: "livejournal", domains: ["livejournal.com"], canonicalHost: "www.livejournal.com",
            hasAccounts: false, rules: Rules(userSubdomains: true)),
        Platform(
            id: "github", domains: ["github.com"], infrastructure: ["githubusercontent.com", "githubassets.com"],
            canonicalHost: "github.com",
            rules: Rules(reservedPaths: [
                "orgs", "settings", "search", "topics", "marketplace", "explore",
                "login",
            ])),
        Platform(
            id: "github-pages", domains: ["github.io"], canonicalHost: "github.io", hasAccounts: false,
            rules: Rules(userSubdomains: true)),
        Platform(id: "archive", domains: ["archive.org"], canonicalHost: "archive.org", hasAccounts: false),
        Platform(
            id: "file-sharing",
            domains: [
                "dropbox.com", "mega.nz", "disk.yandex.ru", "disk.yandex.com", "yadi.sk",
                "cloud.mail.ru", "mediafire.com", "drive.google.com",
            ],
            canonicalHost: "dropbox.com", hasAccounts: false),
        Platform(
            id: "yandex", domains: ["yandex.ru", "yandex.kz", "ya.ru"], infrastructure: ["yastatic.net"],
            canonicalHost: "yandex.ru", hasAccounts: false),
        Platform(
            id: "mail.ru", domains: ["mail.ru", "my.mail.ru"], infrastructure: ["imgsmail.ru"],
            canonicalHost: "my.mail.ru", hasAccounts: false),
        Platform(
            id: "wikipedia", domains: ["wikipedia.org", "wikimedia.org"], canonicalHost: "wikipedia.org",
            hasAccounts: false),
    ]
}
