/// What one URL names on a platform: an account (its page, a tab of it, or one of its posts), a post
/// whose account the URL does not say, or nothing the table knows (the platform's own pages,
/// private invites, short links).
public struct PlatformLink: Sendable {
    public let platform: Platform
    /// The account the URL is about: the account page, a view of it, or one of its posts.
    public var account: PlatformAccount?
    /// The post: `15` within its account (Telegram), or a platform-wide id (`video/ID`, `status/123`).
    public var post: String?
    /// The account's own page or one of its tabs (`t.me/s/x`, `youtube.com/@x/videos`), no post.
    public var isAccountPage = false
    /// The account is named by the query (`profile.php?id=123`), so the query is part of the address.
    public var accountNamedByQuery = false

    init(platform: Platform, account: PlatformAccount? = nil, post: String? = nil) {
        self.platform = platform
        self.account = account
        self.post = post
    }

    /// The account's key, or for a post without a known account the post's key; nil if the URL
    /// names neither.
    public var matchKey: MatchKey? {
        account?.matchKey ?? postKey
    }

    /// `telegram:name/15` (numbers count per channel) or `youtube:video/ID` (ids are platform-wide).
    public var postKey: MatchKey? {
        guard let post else { return nil }
        if platform.rules.postsCountPerAccount {
            guard let account else { return nil }
            return MatchKey(rawValue: account.matchKey.rawValue + "/" + post)
        }
        return MatchKey(rawValue: platform.id + ":" + post)
    }
}
