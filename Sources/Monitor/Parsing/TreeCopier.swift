import CLibXML2

/// Copies a libxml2 tree into `DOMElement`s without recursion, capping depth and node count.
enum TreeCopier {
    private final class Builder {
        let name: String
        let namespaceURI: String?
        let attributes: [DOMAttribute]
        var children: [DOMNode] = []

        init(name: String, namespaceURI: String?, attributes: [DOMAttribute]) {
            self.name = name
            self.namespaceURI = namespaceURI
            self.attributes = attributes
        }

        func freeze() -> DOMElement {
            DOMElement(name: name, namespaceURI: namespaceURI, attributes: attributes, children: children)
        }
    }

    private struct Frame {
        let node: xmlNodePtr
        let builder: Builder
        /// A frame past the depth cap shares its ancestor's builder and is not appended on exit.
        let flattened: Bool
    }

    static func copy(root: xmlNodePtr?, html: Bool) -> (root: DOMElement?, truncated: Bool) {
        guard let root, root.pointee.type == XML_ELEMENT_NODE else { return (nil, false) }
        var nodes = 1
        var truncated = false
        var stack = [Frame(node: root, builder: makeBuilder(root, html: html), flattened: false)]
        var cursor = root.pointee.children
        while true {
            while let node = cursor {
                nodes += 1
                if nodes > MarkupParser.maximumNodes {
                    truncated = true
                    cursor = nil
                    break
                }
                let top = stack[stack.count - 1]
                switch node.pointee.type {
                case XML_ELEMENT_NODE:
                    let depthReached = stack.count >= MarkupParser.maximumDepth
                    if depthReached { truncated = true }
                    let builder = depthReached ? top.builder : makeBuilder(node, html: html)
                    stack.append(Frame(node: node, builder: builder, flattened: depthReached))
                    cursor = node.pointee.children
                    continue
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                    if let content = node.pointee.content {
                        top.builder.children.append(.text(String(cString: content)))
                    }
                default:
                    // Comments, processing instructions and unexpanded entity references carry no content.
                    break
                }
                cursor = node.pointee.next
            }
            let frame = stack.removeLast()
            if stack.isEmpty { return (frame.builder.freeze(), truncated) }
            if !frame.flattened {
                stack[stack.count - 1].builder.children.append(.element(frame.builder.freeze()))
            }
            cursor = truncated && nodes > MarkupParser.maximumNodes ? nil : frame.node.pointee.next
        }
    }

    private static func makeBuilder(_ node: xmlNodePtr, html: Bool) -> Builder {
        let rawName = node.pointee.name.map { String(cString: $0) } ?? ""
        let name = html ? rawName.lowercased() : rawName
        let namespaceURI = node.pointee.ns?.pointee.href.map { String(cString: $0) }
        var attributes: [DOMAttribute] = []
        var attribute = node.pointee.properties
        while let current = attribute {
            let attributeName = current.pointee.name.map { String(cString: $0) } ?? ""
            var value = ""
            var child = current.pointee.children
            while let text = child {
                if let content = text.pointee.content { value += String(cString: content) }
                child = text.pointee.next
            }
            attributes.append(
                DOMAttribute(
                    name: html ? attributeName.lowercased() : attributeName,
                    namespaceURI: current.pointee.ns?.pointee.href.map { String(cString: $0) },
                    value: value
                ))
            attribute = current.pointee.next
        }
        return Builder(name: name, namespaceURI: namespaceURI, attributes: attributes)
    }
}
