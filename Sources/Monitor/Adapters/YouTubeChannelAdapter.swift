import KaiguulCore

/// A YouTube channel through its Atom feed (`/feeds/videos.xml?channel_id=UC…`): each video's id,
/// title, description, publication time, views and thumbnail. A channel known only by `@handle` is
/// read in two steps: its page first, which names the feed (`nextPageURL`), then the feed.
public struct YouTubeChannelAdapter: SourceAdapter {
    public let name = "youtube"
    public let kinds: Set<SourceKind> = [.youtube]
    public let acceptedContentTypes: Set<String> = ["application/atom+xml", "application/xml", "text/xml", "text/html"]

    public init() {}

    public func firstPageURL(kind: SourceKind, identity: String) -> String? {
        if identity.hasPrefix("channel/") {
            return "https://www.youtube.com/feeds/videos.xml?channel_id=" + identity.dropFirst("channel/".count)
        }
        if identity.hasPrefix("@") || identity.hasPrefix("c/") || identity.hasPrefix("user/") {
            return "https://www.youtube.com/" + identity
        }
        return nil
    }

    public func extract(_ input: AdapterInput) -> AdapterOutput {
        let mediaType = input.contentType.flatMap(ContentType.init(parsing:))?.mediaType
        if mediaType == "text/html" { return readChannelPage(input) }
        let read = FeedDocument.read(input)
        guard let feed = read.feed else { return AdapterOutput(charset: read.charset, warnings: read.warnings) }
        var warnings = read.warnings
        if feed.format != .atom { warnings.append("YouTube channel feed expected, got \(feed.format.rawValue)") }
        var links = OrderedSet()
        for item in feed.items { links.append(contentsOf: item.links) }
        return AdapterOutput(
            items: feed.items, discoveredLinks: links.elements,
            candidates: SourceDiscovery.candidates(in: links.elements, pageURL: feed.link ?? input.url),
            sourceTitle: feed.title, charset: read.charset, warnings: warnings
        )
    }

    /// A channel page advertises its feed with `<link rel="alternate" type="application/rss+xml">`.
    private func readChannelPage(_ input: AdapterInput) -> AdapterOutput {
        let decoded = CharsetDecoder.decode(input.body, contentType: input.contentType, markup: .html)
        var warnings = decoded.warnings
        guard let root = MarkupParser.parseHTML(decoded.text).root else {
            return AdapterOutput(charset: decoded.charset, warnings: warnings + ["no HTML element could be read"])
        }
        let page = WebPageExtractor.extract(root: root, url: input.url)
        let feed = page.feedURLs.first { url in
            guard let parsed = try? NormalisedURL.parse(url) else { return false }
            return parsed.host == "youtube.com" && parsed.queryValue("channel_id") != nil
        }
        if feed == nil { warnings.append("channel page names no feed") }
        return AdapterOutput(
            nextPageURL: feed, page: page, sourceTitle: page.title, charset: decoded.charset,
            warnings: warnings)
    }
}
