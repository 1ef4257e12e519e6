import Foundation
import KaiguulCore

/// A public Telegram channel through its web preview, `https://t.me/s/NAME`: about twenty messages a
/// page, older pages by `?before=ID`, up to `pagingDepth` pages per check.
public struct TelegramChannelAdapter: SourceAdapter {
    public let name = "telegram"
    public let kinds: Set<SourceKind> = [.telegram]
    public let acceptedContentTypes: Set<String> = ["text/html"]
    /// Pages read per check, the first included.
    public let pagingDepth: Int

    public init(pagingDepth: Int = 3) {
        self.pagingDepth = max(1, pagingDepth)
    }

    public func firstPageURL(kind: SourceKind, identity: String) -> String? {
        guard let handle = try? SourceIdentity.normalise(kind: .telegram, input: identity) else { return nil }
        return "https://t.me/s/" + handle
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
        let resolver = LinkResolver(base: input.url)
        let messages = root.all { $0.attribute("data-post") != nil && $0.hasClass("tgme_widget_message") }
        var items: [ExtractedItem] = []
        var skipped = 0
        for message in messages {
            if let item = TelegramMessageReader.read(message, resolver: resolver) {
                items.append(item)
            } else {
                skipped += 1
            }
        }
        if skipped > 0 { warnings.append("\(skipped) messages without a readable data-post were skipped") }
        if items.isEmpty { warnings.append("no channel messages found") }

        var links = OrderedSet()
        for item in items {
            links.append(contentsOf: item.links)
            links.append(item.forwardedFrom?.url)
        }
        let title = root.first { $0.name == "meta" && $0.attribute("property") == "og:title" }?.attribute("content")
        let channel = items.first?.authorHandle ?? channelName(from: input.url)
        return AdapterOutput(
            items: items, discoveredLinks: links.elements,
            candidates: SourceDiscovery.candidates(in: links.elements, pageURL: channel.map { "https://t.me/" + $0 }),
            nextPageURL: nextPage(
                root: root, items: items, channel: channel, pageIndex: input.pageIndex,
                resolver: resolver),
            sourceTitle: title, charset: decoded.charset, warnings: warnings
        )
    }

    /// The older page: the "load more" anchor's `data-before`, else `<link rel="prev">`, else the oldest
    /// message id on this page. Nil once `pagingDepth` pages have been read or when nothing is older.
    func nextPage(
        root: DOMElement, items: [ExtractedItem], channel: String?, pageIndex: Int,
        resolver: LinkResolver
    ) -> String? {
        guard pageIndex + 1 < pagingDepth, !items.isEmpty, let channel else { return nil }
        if let more = root.first(where: { $0.hasClass("tme_messages_more") && $0.attribute("data-before") != nil }),
            let before = more.attribute("data-before"), !before.isEmpty, before.count <= 18,
            before.allSatisfy(\.isNumber)
        {
            return "https://t.me/s/\(channel)?before=\(before)"
        }
        if let prev = root.first(where: { $0.name == "link" && $0.attribute("rel") == "prev" }),
            let href = prev.attribute("href").flatMap(resolver.resolve)
        {
            return href
        }
        let oldest = items.compactMap { $0.platformID.flatMap { Int($0) } }.min()
        guard let oldest, oldest > 1 else { return nil }
        return "https://t.me/s/\(channel)?before=\(oldest)"
    }

    private func channelName(from url: String) -> String? {
        try? SourceIdentity.normalise(kind: .telegram, input: url)
    }
}
