import KaiguulCore

/// Any web page: one item holding the page's visible text, links and media.
/// Also the fallback reader for platform accounts that have no adapter of their own.
public struct WebPageAdapter: SourceAdapter {
    public let name = "web"
    public let kinds: Set<SourceKind> = [.website, .other, .facebook, .instagram, .tiktok, .vk, .ok]
    public let acceptedContentTypes: Set<String> = ["text/html", "application/xhtml+xml"]

    public init() {}

    /// A website's URL, or the public page of a platform account read by this adapter.
    public func firstPageURL(kind: SourceKind, identity: String) -> String? {
        switch kind {
        case .facebook:
            return identity.hasPrefix("id/")
                ? "https://www.facebook.com/profile.php?id=" + identity.dropFirst(3)
                : "https://www.facebook.com/" + identity
        case .instagram: return "https://www.instagram.com/" + identity + "/"
        case .tiktok: return "https://www.tiktok.com/" + identity
        case .vk: return "https://vk.com/" + identity
        case .ok: return "https://ok.ru/" + identity
        default: return identity.hasPrefix("http://") || identity.hasPrefix("https://") ? identity : nil
        }
    }

    public func extract(_ input: AdapterInput) -> AdapterOutput {
        let decoded = CharsetDecoder.decode(input.body, contentType: input.contentType, markup: .html)
        var warnings = decoded.warnings
        let document = MarkupParser.parseHTML(decoded.text)
        if document.truncated { warnings.append("document tree truncated (too deep or too large)") }
        guard let root = document.root else {
            warnings.append("no HTML element could be read")
            return AdapterOutput(charset: decoded.charset, warnings: warnings)
        }
        let page = WebPageExtractor.extract(root: root, url: input.url)
        let item = ExtractedItem(
            permalink: page.canonicalURL ?? input.url,
            published: (page.meta["article:published_time"] ?? page.openGraph["og:article:published_time"])
                .flatMap(FeedDate.parse),
            title: page.title ?? page.openGraph["og:title"],
            text: page.visibleText,
            mediaURLs: page.mediaURLs,
            links: page.links
        )
        return AdapterOutput(
            items: [item], discoveredLinks: page.links,
            candidates: SourceDiscovery.candidates(in: page.links, pageURL: input.url),
            page: page, sourceTitle: page.title, charset: decoded.charset, warnings: warnings
        )
    }
}
