import KaiguulCore

/// Reads one platform's pages. A new platform is one new type, registered in `SourceAdapters.all`;
/// the pipeline never changes for it.
public protocol SourceAdapter: Sendable {
    /// Stable name for logs and capture metadata (`web`, `feed`, `telegram`, `youtube`).
    var name: String { get }
    /// Source kinds this adapter reads.
    var kinds: Set<SourceKind> { get }
    /// Media types the fetcher may accept for it; anything else is refused before the body is read.
    var acceptedContentTypes: Set<String> { get }
    /// The URL a check of the source starts from, given its kind and its `SourceIdentity` spelling.
    func firstPageURL(kind: SourceKind, identity: String) -> String?
    /// Reads a fetched body. Never throws: what cannot be read becomes a warning.
    func extract(_ input: AdapterInput) -> AdapterOutput
}

/// The registered adapters.
public enum SourceAdapters {
    /// - Parameter telegramPages: how many pages (about 20 messages each) a Telegram check reads.
    public static func all(telegramPages: Int = 3) -> [any SourceAdapter] {
        [
            TelegramChannelAdapter(pagingDepth: telegramPages),
            YouTubeChannelAdapter(),
            FeedAdapter(),
            WebPageAdapter(),
        ]
    }

    public static func adapter(for kind: SourceKind, telegramPages: Int = 3) -> (any SourceAdapter)? {
        all(telegramPages: telegramPages).first { $0.kinds.contains(kind) }
    }
}
