import KaiguulCore

/// RSS 2.0, RSS 1.0 (RDF) and Atom feeds, in whatever charset they declare.
public struct FeedAdapter: SourceAdapter {
    public let name = "feed"
    public let kinds: Set<SourceKind> = [.rss]
    public let acceptedContentTypes: Set<String> = [
        "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
        "application/feed+xml", "application/x-rss+xml", "text/plain",
    ]

    public init() {}

    public func firstPageURL(kind: SourceKind, identity: String) -> String? {
        identity.hasPrefix("http://") || identity.hasPrefix("https://") ? identity : nil
    }

    public func extract(_ input: AdapterInput) -> AdapterOutput {
        let read = FeedDocument.read(input)
        guard let feed = read.feed else {
            return AdapterOutput(charset: read.charset, warnings: read.warnings)
        }
        var links = OrderedSet()
        for item in feed.items { links.append(contentsOf: item.links) }
        return AdapterOutput(
            items: feed.items, discoveredLinks: links.elements,
            candidates: SourceDiscovery.candidates(in: links.elements, pageURL: feed.link ?? input.url),
            sourceTitle: feed.title, charset: read.charset, warnings: read.warnings
        )
    }
}
