import Foundation
import Monitor

/// A captured page rewritten to be shown as it was served, and to do nothing else: no script, no
/// frame, no form target, no address that reaches outside. The page is parsed (libxml2, bounded) and
/// written out again element by element, so what comes out is well-formed whatever came in.
///
/// - Dropped with their content: `script`, frames, `object`/`embed`/`applet`, `svg`, `math`,
///   `template`, `base`, `link`, `meta` (no refresh, no charset games).
/// - Attributes: only a fixed list of harmless ones is kept; `on…` handlers, `srcset`, `action`,
///   `formaction`, `ping`, `background`, `poster` never survive. Links lose their `href` (kept as
///   `data-archived-link` to read); `src` is kept only for an image of the same capture, rewritten to
///   its archived copy.
/// - CSS (`style` elements and attributes) keeps its rules but no `url(…)` or `@import`.
///
/// The response header `Content-Security-Policy: sandbox; default-src 'none'` is the second wall;
/// this is the first.
enum ArchivedHTML {
    /// Rewritten images: the resolved image address → the `src` to write (the archived copy).
    typealias ImageMap = [String: String]

    static let dropped: Set<String> = [
        "script", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "template", "base",
        "link", "meta", "portal", "noembed", "param",
    ]
    static let void: Set<String> = [
        "area", "br", "col", "embed", "hr", "img", "input", "wbr", "source", "track", "meta", "link", "base", "param",
    ]
    static let keptAttributes: Set<String> = [
        "class", "id", "title", "alt", "width", "height", "lang", "dir", "colspan", "rowspan", "align", "valign",
        "border", "cellpadding", "cellspacing", "style", "type", "value", "placeholder", "checked", "disabled",
        "selected", "for", "name", "start", "reversed", "datetime", "cite", "abbr", "scope", "headers", "span",
        "hidden", "role", "aria-label",
    ]
    /// Elements written out so far: a hostile page cannot make the output grow without bound.
    static let maxElements = 200_000

    /// The page's images: every `img` `src`, resolved against `baseURL` (what to look up in captures).
    static func imageURLs(in html: String, baseURL: String) -> [String] {
        guard let root = MarkupParser.parseHTML(html).root else { return [] }
        let base = URL(string: baseURL)
        var urls: [String] = []
        root.forEachDescendant { element in
            if element.name == "img", let src = element.attribute("src"), let resolved = resolve(src, base: base) {
                urls.append(resolved)
            }
            return urls.count >= 1_000 ? .stop : .visitChildren
        }
        return urls
    }

    static func resolve(_ reference: String, base: URL?) -> String? {
        let trimmed = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 4_000 else { return nil }
        guard let url = URL(string: trimmed, relativeTo: base)?.absoluteURL,
              let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https"
        else { return nil }
        return url.absoluteString
    }

    static func render(_ html: String, baseURL: String, images: ImageMap) -> String {
        let parsed = MarkupParser.parseHTML(html)
        guard let root = parsed.root else { return "<!DOCTYPE html><html><body></body></html>" }
        let base = URL(string: baseURL)
        var out = "<!DOCTYPE html>"
        out.reserveCapacity(min(html.utf8.count + 1024, 32 * 1_048_576))
        var count = 0
        write(.element(root), to: &out, base: base, images: images, count: &count)
        return out
    }

    /// Depth-first without recursion: the tree is bounded in depth, but a stack keeps it simple.
    private enum Step {
        case open(DOMNode)
        case close(String)
    }

    private static func write(_ node: DOMNode, to out: inout String, base: URL?, images: ImageMap,
                              count: inout Int) {
        var stack: [Step] = [.open(node)]
        var inStyle = 0
        while let step = stack.popLast() {
            switch step {
            case .close(let name):
                if name == "style" { inStyle -= 1 }
                out += "</\(name)>"
            case .open(.text(let text)):
                out += inStyle > 0 ? css(text).replacingOccurrences(of: "<", with: "\\3C ") : escape(text)
            case .open(.element(let element)):
                let name = element.name.lowercased()
                guard !dropped.contains(name), count < maxElements,
                      name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
                else { continue }
                count += 1
                out += "<" + name + attributes(of: element, name: name, base: base, images: images) + ">"
                if void.contains(name) { continue }
                if name == "style" { inStyle += 1 }
                stack.append(.close(name))
                for child in element.children.reversed() { stack.append(.open(child)) }
            }
        }
    }

    private static func attributes(of element: DOMElement, name: String, base: URL?, images: ImageMap) -> String {
        var out = ""
        for attribute in element.attributes.prefix(100) {
            let key = attribute.name.lowercased()
            if keptAttributes.contains(key) {
                let value = key == "style" ? css(attribute.value) : attribute.value
                out += " \(key)=\"\(escapeAttribute(String(value.prefix(10_000))))\""
            } else if key == "href" {
                out += " data-archived-link=\"\(escapeAttribute(String(attribute.value.prefix(4_000))))\""
            } else if key == "src" {
                if name == "img", let resolved = resolve(attribute.value, base: base), let archived = images[resolved] {
                    out += " src=\"\(escapeAttribute(archived))\""
                } else {
                    out += " data-archived-source=\"\(escapeAttribute(String(attribute.value.prefix(4_000))))\""
                }
            }
        }
        return out
    }

    /// CSS with every way to fetch something taken out (`url(`, `@import`, `image-set(`); the
    /// rules themselves stay.
    static func css(_ text: String) -> String {
        // Escaped spellings (`u\72l(`, `ur\l(`) are read as `url(` by CSS: no backslash survives, and
        // they go first, so what removing them joins up is caught by the needles below.
        var result = String(text.prefix(1_048_576)).replacingOccurrences(of: "\\", with: "")
        for needle in ["url(", "@import", "image-set(", "expression("] {
            result = result.replacingOccurrences(of: needle, with: "x-blocked-", options: .caseInsensitive)
        }
        return result
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    static func escapeAttribute(_ text: String) -> String {
        escape(text).replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }
}
