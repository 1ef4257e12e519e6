/// Markup embedded in a feed (escaped HTML in `description`, `content:encoded`, Atom `html`/`xhtml`),
/// read with the HTML parser: its text, its links, its images.
enum HTMLFragment {
    struct Content: Sendable {
        var text: String
        var links: [String]
        var media: [String]
    }

    static func read(_ markup: String, resolver: LinkResolver) -> Content {
        guard let root = MarkupParser.parseHTML(markup).root else {
            return Content(text: TextLayout.collapse(markup), links: [], media: [])
        }
        return read(element: root, resolver: resolver)
    }

    static func read(element: DOMElement, resolver: LinkResolver) -> Content {
        var links = OrderedSet()
        var media = OrderedSet()
        element.forEachDescendant { child in
            switch child.name {
            case "a": links.append(child.attribute("href").flatMap(resolver.resolve))
            case "img", "video", "audio", "source":
                media.append(child.attribute("src").flatMap(resolver.resolve))
            default: break
            }
            return .visitChildren
        }
        return Content(text: TextLayout.visibleText(of: element), links: links.elements, media: media.elements)
    }
}
