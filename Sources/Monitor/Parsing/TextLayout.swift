/// Turns a parsed HTML tree into the text a reader sees: no scripts or styles, line breaks where
/// blocks and `<br>` break lines, white space collapsed as a browser would.
public enum TextLayout {
    static let invisible: Set<String> = [
        "script", "style", "noscript", "template", "head", "title", "meta", "link", "svg", "iframe", "object",
        "canvas", "select", "option",
    ]

    static let blocks: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "dd", "details", "dialog", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tr", "td", "th",
        "ul", "caption", "tbody", "thead", "tfoot",
    ]

    /// Collapses runs of white space (including no-break spaces) to one space and trims the ends.
    public static func collapse(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isSpace(scalar) {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09...0x0D, 0xA0, 0x2007, 0x202F, 0x200B: true
        // The Unicode property lookup is slow and no other ASCII character is white space.
        case 0..<0x80: false
        default: scalar.properties.isWhitespace
        }
    }

    /// Visible text of `element`: lines separated by `\n`, no empty lines, no script or style.
    public static func visibleText(of element: DOMElement) -> String {
        var lines: [String] = []
        var current = ""
        func breakLine() {
            let line = collapse(current)
            if !line.isEmpty { lines.append(line) }
            current = ""
        }
        var stack: [(element: DOMElement, next: Int)] = [(element, 0)]
        while let top = stack.last {
            let children = top.element.children
            var index = top.next
            var pushed = false
            while index < children.count {
                let node = children[index]
                index += 1
                switch node {
                case .text(let text):
                    current += text
                case .element(let child):
                    if invisible.contains(child.name) { continue }
                    if child.name == "br" { breakLine(); continue }
                    if blocks.contains(child.name) { breakLine() }
                    stack[stack.count - 1].next = index
                    stack.append((child, 0))
                    pushed = true
                }
                if pushed { break }
            }
            if !pushed {
                if blocks.contains(top.element.name) { breakLine() }
                stack.removeLast()
            }
        }
        breakLine()
        return lines.joined(separator: "\n")
    }
}
