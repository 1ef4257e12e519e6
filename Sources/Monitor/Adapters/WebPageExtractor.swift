/// Reads a parsed HTML document into a `WebPage`.
enum WebPageExtractor {
    static func extract(root: DOMElement, url: String) -> WebPage {
        var resolver = LinkResolver(base: url)
        if let base = root.firstElement(named: "base") {
            resolver = resolver.rebased(base.attribute("href"))
        }
        var title: String?
        var meta: [String: String] = [:]
        var openGraph: [String: String] = [:]
        var canonical: String?
        var links = OrderedSet()
        var media = OrderedSet()
        var feeds = OrderedSet()
        root.forEachDescendant { element in
            switch element.name {
            case "title":
                if title == nil { title = element.normalisedText }
            case "meta":
                let content = element.attribute("content") ?? ""
                if let property = element.attribute("property")?.lowercased(), property.hasPrefix("og:") {
                    if openGraph[property] == nil { openGraph[property] = content }
                    if ["og:image", "og:video", "og:image:url", "og:video:url", "og:audio"].contains(property) {
                        media.append(resolver.resolve(content))
                    }
                }
                if let property = element.attribute("property")?.lowercased(), !property.hasPrefix("og:"),
                    !property.isEmpty, meta[property] == nil
                {
                    meta[property] = content
                }
                if let name = element.attribute("name")?.lowercased(), !name.isEmpty, meta[name] == nil {
                    meta[name] = content
                }
            case "link":
                let rel = Set((element.attribute("rel") ?? "").lowercased().split(separator: " ").map(String.init))
                if rel.contains("canonical"), canonical == nil {
                    canonical = element.attribute("href").flatMap(resolver.resolve)
                }
                if rel.contains("image_src") { media.append(element.attribute("href").flatMap(resolver.resolve)) }
                let type = element.attribute("type")?.lowercased() ?? ""
                if rel.contains("alternate"), type.contains("rss") || type.contains("atom") {
                    feeds.append(element.attribute("href").flatMap(resolver.resolve))
                }
            case "a", "area":
                links.append(element.attribute("href").flatMap(resolver.resolve))
            case "img", "video", "audio", "source", "embed":
                media.append(element.attribute("src").flatMap(resolver.resolve))
                media.append(element.attribute("poster").flatMap(resolver.resolve))
                media.append(element.attribute("data-src").flatMap(resolver.resolve))
                if let srcset = element.attribute("srcset") {
                    for candidate in srcset.split(separator: ",") {
                        let address = candidate.split(separator: " ", omittingEmptySubsequences: true).first
                        media.append(address.flatMap { resolver.resolve(String($0)) })
                    }
                }
            default:
                break
            }
            return .visitChildren
        }
        let body = root.firstElement(named: "body") ?? root
        return WebPage(
            title: title, visibleText: TextLayout.visibleText(of: body), links: links.elements,
            mediaURLs: media.elements, meta: meta, openGraph: openGraph, canonicalURL: canonical,
            declaredLanguage: root.attribute("lang"), feedURLs: feeds.elements
        )
    }
}
