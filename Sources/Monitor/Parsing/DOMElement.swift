/// A node of a parsed document: an element or a run of text.
public enum DOMNode: Sendable {
    case element(DOMElement)
    case text(String)
}

public struct DOMAttribute: Sendable, Equatable {
    /// Local name; lowercase in HTML.
    public let name: String
    public let namespaceURI: String?
    public let value: String
}

/// An immutable element copied out of libxml2's tree, so no C pointer outlives the parse.
///
/// The tree depth is capped when it is built (see `MarkupParser.maximumDepth`): deeper elements are
/// flattened into their ancestor. That keeps every traversal here, and Swift's release of the tree,
/// within a bounded stack however hostile the markup.
public final class DOMElement: Sendable {
    /// Local name; lowercase in HTML.
    public let name: String
    public let namespaceURI: String?
    public let attributes: [DOMAttribute]
    public let children: [DOMNode]

    init(name: String, namespaceURI: String?, attributes: [DOMAttribute], children: [DOMNode]) {
        self.name = name
        self.namespaceURI = namespaceURI
        self.attributes = attributes
        self.children = children
    }

    /// The first attribute of that local name (and namespace, when given).
    public func attribute(_ name: String, namespace: String? = nil) -> String? {
        attributes.first { $0.name == name && (namespace == nil || $0.namespaceURI == namespace) }?.value
    }

    public var classes: [String] {
        guard let value = attribute("class") else { return [] }
        return value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(String.init)
    }

    public func hasClass(_ name: String) -> Bool {
        classes.contains(name)
    }

    public var childElements: [DOMElement] {
        children.compactMap { if case .element(let element) = $0 { element } else { nil } }
    }

    public func childElements(named name: String, namespace: String? = nil) -> [DOMElement] {
        childElements.filter { $0.name == name && (namespace == nil || $0.namespaceURI == namespace) }
    }

    public func firstChild(named name: String, namespace: String? = nil) -> DOMElement? {
        childElements.first { $0.name == name && (namespace == nil || $0.namespaceURI == namespace) }
    }

    /// Every element below this one, in document order (pre-order).
    public func descendants() -> [DOMElement] {
        var result: [DOMElement] = []
        forEachDescendant {
            result.append($0); return .visitChildren
        }
        return result
    }

    public enum Visit { case visitChildren, skipChildren, stop }

    /// Walks the subtree in document order without recursion.
    public func forEachDescendant(_ body: (DOMElement) -> Visit) {
        var stack: [(element: DOMElement, next: Int)] = [(self, 0)]
        while let top = stack.last {
            let children = top.element.children
            var index = top.next
            var pushed = false
            while index < children.count {
                let node = children[index]
                index += 1
                guard case .element(let child) = node else { continue }
                switch body(child) {
                case .stop: return
                case .skipChildren: continue
                case .visitChildren:
                    stack[stack.count - 1].next = index
                    stack.append((child, 0))
                    pushed = true
                }
                if pushed { break }
            }
            if !pushed { stack.removeLast() }
        }
    }

    public func first(where predicate: (DOMElement) -> Bool) -> DOMElement? {
        var found: DOMElement?
        forEachDescendant { element in
            if predicate(element) { found = element; return .stop }
            return .visitChildren
        }
        return found
    }

    public func all(where predicate: (DOMElement) -> Bool) -> [DOMElement] {
        var result: [DOMElement] = []
        forEachDescendant { element in
            if predicate(element) { result.append(element) }
            return .visitChildren
        }
        return result
    }

    public func elements(named name: String) -> [DOMElement] {
        all { $0.name == name }
    }

    public func elements(withClass name: String) -> [DOMElement] {
        all { $0.hasClass(name) }
    }

    public func firstElement(withClass name: String) -> DOMElement? {
        first { $0.hasClass(name) }
    }

    public func firstElement(named name: String) -> DOMElement? {
        first { $0.name == name }
    }

    /// All text below this element, concatenated as it appears.
    public var textContent: String {
        var text = ""
        forEachTextNode(skipping: []) { text += $0 }
        return text
    }

    /// Text with runs of white space collapsed to one space and trimmed.
    public var normalisedText: String {
        TextLayout.collapse(textContent)
    }

    /// Calls `body` with each text run under this element, skipping elements named in `skipping`.
    func forEachTextNode(skipping: Set<String>, _ body: (String) -> Void) {
        var stack: [(element: DOMElement, next: Int)] = [(self, 0)]
        while let top = stack.last {
            let children = top.element.children
            var index = top.next
            var pushed = false
            while index < children.count {
                let node = children[index]
                index += 1
                switch node {
                case .text(let text):
                    body(text)
                case .element(let child):
                    if skipping.contains(child.name) { continue }
                    stack[stack.count - 1].next = index
                    stack.append((child, 0))
                    pushed = true
                }
                if pushed { break }
            }
            if !pushed { stack.removeLast() }
        }
    }
}
