import Foundation

/// Reads RSS 2.0, RSS 1.0 (RDF) and Atom documents, including YouTube's Atom channel feed.
enum FeedReader {
    enum Format: String, Sendable { case rss2, rdf, atom }

    struct Feed: Sendable {
        var format: Format
        var title: String?
        var link: String?
        var items: [ExtractedItem]
    }

    enum Namespace {
        static let atom = "http://www.w3.org/2005/Atom"
        static let rss1 = "http://purl.org/rss/1.0/"
        static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
        static let dc = "http://purl.org/dc/elements/1.1/"
        static let content = "http://purl.org/rss/1.0/modules/content/"
        static let youtube = "http://www.youtube.com/xml/schemas/2015"
        static let itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd"
        static let yandex = "http://news.yandex.ru"

        /// Media RSS appears under both schemes in the wild.
        static func isMedia(_ uri: String?) -> Bool {
            uri == "http://search.yahoo.com/mrss/" || uri == "https://search.yahoo.com/mrss/"
        }
    }

    /// Nil when the root is none of the three formats.
    static func read(root: DOMElement, url: String, itemLimit: Int = 10_000) -> Feed? {
        let resolver = LinkResolver(base: url)
        if root.name == "feed", root.namespaceURI == Namespace.atom {
            let items = root.childElements(named: "entry", namespace: Namespace.atom).prefix(itemLimit)
                .map { atomEntry($0, resolver: resolver) }
            let link = atomLink(root, resolver: resolver)
            return Feed(
                format: .atom, title: text(root.firstChild(named: "title", namespace: Namespace.atom)),
                link: link, items: Array(items))
        }
        if root.name == "rss" {
            let channel = root.firstChild(named: "channel")
            let items = (channel?.childElements(named: "item") ?? []).prefix(itemLimit)
                .map { rssItem($0, resolver: resolver) }
            return Feed(
                format: .rss2, title: text(channel?.firstChild(named: "title")),
                link: text(channel?.firstChild(named: "link")).flatMap(resolver.resolve), items: Array(items))
        }
        if root.name == "RDF", root.namespaceURI == Namespace.rdf {
            // RSS 1.0 puts items beside the channel, not inside it.
            let channel = root.firstChild(named: "channel", namespace: Namespace.rss1)
            let items = root.childElements(named: "item", namespace: Namespace.rss1).prefix(itemLimit)
                .map { rssItem($0, resolver: resolver) }
            return Feed(
                format: .rdf, title: text(channel?.firstChild(named: "title", namespace: Namespace.rss1)),
                link: text(channel?.firstChild(named: "link", namespace: Namespace.rss1))
                    .flatMap(resolver.resolve),
                items: Array(items))
        }
        return nil
    }

    // MARK: RSS 2.0 and 1.0

    private static func rssItem(_ item: DOMElement, resolver: LinkResolver) -> ExtractedItem {
        // RSS 2.0 elements have no namespace; RSS 1.0 ones are in its namespace. Accept either.
        func child(_ name: String) -> DOMElement? {
            item.childElements.first {
                $0.name == name && ($0.namespaceURI == nil || $0.namespaceURI == Namespace.rss1)
            }
        }
        let link =
            text(child("link")).flatMap(resolver.resolve)
            ?? item.attribute("about", namespace: Namespace.rdf).flatMap(resolver.resolve)
        let guid = text(child("guid")) ?? item.attribute("about", namespace: Namespace.rdf)
        let html =
            text(item.firstChild(named: "encoded", namespace: Namespace.content))
            ?? text(item.firstChild(named: "full-text", namespace: Namespace.yandex))
            ?? text(child("description"))
            ?? text(item.firstChild(named: "summary", namespace: Namespace.itunes))
        let content = html.map { HTMLFragment.read($0, resolver: resolver) }
        var media = OrderedSet()
        for enclosure in item.childElements(named: "enclosure") {
            media.append(enclosure.attribute("url").flatMap(resolver.resolve))
        }
        media.append(contentsOf: mediaRSS(in: item, resolver: resolver))
        media.append(
            item.firstChild(named: "image", namespace: Namespace.itunes)?.attribute("href")
                .flatMap(resolver.resolve))
        media.append(contentsOf: content?.media ?? [])
        let date = text(child("pubDate")) ?? text(item.firstChild(named: "date", namespace: Namespace.dc))
        let author =
            text(item.firstChild(named: "creator", namespace: Namespace.dc)) ?? text(child("author"))
            ?? text(item.firstChild(named: "author", namespace: Namespace.itunes))
        return ExtractedItem(
            platformID: guid ?? link, permalink: link, authorName: author, published: date.flatMap(FeedDate.parse),
            title: text(child("title")).map(TextLayout.collapse), text: content?.text ?? "",
            mediaURLs: media.elements, links: content?.links ?? []
        )
    }

    // MARK: Atom

    private static func atomEntry(_ entry: DOMElement, resolver: LinkResolver) -> ExtractedItem {
        func child(_ name: String) -> DOMElement? { entry.firstChild(named: name, namespace: Namespace.atom) }
        let link = atomLink(entry, resolver: resolver)
        var media = OrderedSet()
        media.append(contentsOf: mediaRSS(in: entry, resolver: resolver))
        for enclosure in entry.childElements(named: "link", namespace: Namespace.atom)
        where enclosure.attribute("rel") == "enclosure" {
            media.append(enclosure.attribute("href").flatMap(resolver.resolve))
        }
        let body = child("content") ?? child("summary")
        var content = body.map { atomText($0, resolver: resolver) }
        let group = entry.childElements.first { $0.name == "group" && Namespace.isMedia($0.namespaceURI) }
        let mediaDescription = group?.childElements.first {
            $0.name == "description" && Namespace.isMedia($0.namespaceURI)
        }.flatMap { text($0) }
        // YouTube entries carry their description only in `media:group`.
        if (content?.text ?? "").isEmpty, let mediaDescription {
            content = HTMLFragment.Content(
                text: mediaDescription, links: PlainTextLinks.find(in: mediaDescription), media: []
            )
        }
        media.append(contentsOf: content?.media ?? [])
        let author = child("author")
        let authorName = text(author?.firstChild(named: "name", namespace: Namespace.atom))
        let published = (text(child("published")) ?? text(child("updated"))).flatMap(FeedDate.parse)
        let videoID = text(entry.firstChild(named: "videoId", namespace: Namespace.youtube))
        let channelID = text(entry.firstChild(named: "channelId", namespace: Namespace.youtube))
        let statistics = group?.childElements.first { $0.name == "community" && Namespace.isMedia($0.namespaceURI) }?
            .childElements.first { $0.name == "statistics" }
        return ExtractedItem(
            platformID: videoID ?? text(child("id")) ?? link, permalink: link,
            authorHandle: channelID.map { "channel/" + $0 }, authorName: authorName, published: published,
            title: text(child("title")).map(TextLayout.collapse), text: content?.text ?? "",
            mediaURLs: media.elements, links: content?.links ?? [],
            views: statistics?.attribute("views").flatMap { Int($0) }
        )
    }

    private static func atomLink(_ element: DOMElement, resolver: LinkResolver) -> String? {
        let links = element.childElements(named: "link", namespace: Namespace.atom)
        let alternate = links.first { $0.attribute("rel") == nil || $0.attribute("rel") == "alternate" }
        return alternate?.attribute("href").flatMap(resolver.resolve)
    }

    /// Atom text constructs: `text`, `html` (escaped markup) or `xhtml` (inline markup).
    private static func atomText(_ element: DOMElement, resolver: LinkResolver) -> HTMLFragment.Content {
        switch element.attribute("type") ?? "text" {
        case "html", "text/html":
            // Publishers sometimes put unescaped markup in `type="html"`: read it as inline markup.
            if !element.childElements.isEmpty { return HTMLFragment.read(element: element, resolver: resolver) }
            return HTMLFragment.read(element.textContent, resolver: resolver)
        case "xhtml", "application/xhtml+xml":
            return HTMLFragment.read(element: element, resolver: resolver)
        default:
            let plain = element.textContent.trimmingCharacters(in: .whitespacesAndNewlines)
            return HTMLFragment.Content(text: plain, links: PlainTextLinks.find(in: plain), media: [])
        }
    }

    private static func mediaRSS(in element: DOMElement, resolver: LinkResolver) -> [String] {
        var media = OrderedSet()
        element.forEachDescendant { child in
            if Namespace.isMedia(child.namespaceURI), child.name == "content" || child.name == "thumbnail" {
                media.append(child.attribute("url").flatMap(resolver.resolve))
            }
            return .visitChildren
        }
        return media.elements
    }

    private static func text(_ element: DOMElement?) -> String? {
        guard let value = element?.textContent.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }
}
