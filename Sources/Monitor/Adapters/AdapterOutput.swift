/// What an adapter read from one fetched body.
public struct AdapterOutput: Sendable {
    public var items: [ExtractedItem]
    /// Every absolute link the content points to (input to `SourceDiscovery`).
    public var discoveredLinks: [String]
    /// Candidate sources among `discoveredLinks`, already de-duplicated and without the source itself.
    public var candidates: [CandidateSource]
    /// The next URL of this same check (older Telegram messages, a YouTube channel's feed); nil when done.
    public var nextPageURL: String?
    /// Set by the web page adapter; other adapters fill it when they parse HTML anyway.
    public var page: WebPage?
    /// Title of the feed or channel.
    public var sourceTitle: String?
    /// Charset the body was decoded with.
    public var charset: String
    /// Problems that did not stop extraction (repaired XML, invalid bytes, unknown layout).
    public var warnings: [String]

    public init(
        items: [ExtractedItem] = [], discoveredLinks: [String] = [], candidates: [CandidateSource] = [],
        nextPageURL: String? = nil, page: WebPage? = nil, sourceTitle: String? = nil, charset: String = "utf-8",
        warnings: [String] = []
    ) {
        self.items = items
        self.discoveredLinks = discoveredLinks
        self.candidates = candidates
        self.nextPageURL = nextPageURL
        self.page = page
        self.sourceTitle = sourceTitle
        self.charset = charset
        self.warnings = warnings
    }
}
