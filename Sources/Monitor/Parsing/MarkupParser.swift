import CLibXML2

/// A document parsed by libxml2 and copied into `DOMElement`s.
public struct ParsedDocument: Sendable {
    /// `nil` when nothing element-like could be recovered.
    public let root: DOMElement?
    /// False when libxml2 had to repair the markup (always expected of real-world HTML).
    public let wellFormed: Bool
    /// True when the tree was cut: too deep or too many nodes.
    public let truncated: Bool
}

/// libxml2's HTML and XML parsers, configured for hostile input.
///
/// - Never loads anything: `NONET`, no DTD loading, and a process-wide external entity loader that
///   refuses every request.
/// - Never expands entities declared by the document: the SAX `entityDecl` callback is removed, so a
///   declared entity is never registered and a reference to it stays an unexpanded reference. That is
///   the billion-laughs guard; `XML_PARSE_HUGE` stays off so libxml2's own depth and size limits hold.
/// - Input arrives as UTF-8 already decoded by `CharsetDecoder`; `IGNORE_ENC` stops libxml2 from
///   re-decoding it according to a `<meta>` or XML declaration.
public enum MarkupParser {
    /// Elements nested deeper than this are flattened into their ancestor.
    public static let maximumDepth = 256
    /// Nodes beyond this are dropped and the document marked truncated.
    public static let maximumNodes = 2_000_000

    public static func parseHTML(_ text: String) -> ParsedDocument {
        LibXML.initialise()
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue | HTML_PARSE_IGNORE_ENC.rawValue | HTML_PARSE_COMPACT.rawValue
        )
        var utf8 = Array(text.utf8)
        guard utf8.count < Int32.max else { return ParsedDocument(root: nil, wellFormed: false, truncated: true) }
        if utf8.isEmpty { utf8 = Array("<html></html>".utf8) }
        guard let context = htmlNewParserCtxt() else {
            return ParsedDocument(root: nil, wellFormed: false, truncated: false)
        }
        defer { htmlFreeParserCtxt(context) }
        let document = utf8.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                htmlCtxtReadMemory(context, pointer, Int32(buffer.count), nil, "UTF-8", options)
            }
        }
        guard let document else { return ParsedDocument(root: nil, wellFormed: false, truncated: false) }
        defer { xmlFreeDoc(document) }
        let copy = TreeCopier.copy(root: xmlDocGetRootElement(document), html: true)
        return ParsedDocument(root: copy.root, wellFormed: context.pointee.wellFormed != 0, truncated: copy.truncated)
    }

    public static func parseXML(_ text: String) -> ParsedDocument {
        LibXML.initialise()
        let options = Int32(
            XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue
                | XML_PARSE_NOWARNING.rawValue | XML_PARSE_IGNORE_ENC.rawValue | XML_PARSE_NOCDATA.rawValue
                | XML_PARSE_COMPACT.rawValue
        )
        let utf8 = Array(text.utf8)
        guard !utf8.isEmpty, utf8.count < Int32.max else {
            return ParsedDocument(root: nil, wellFormed: false, truncated: !utf8.isEmpty)
        }
        guard let context = xmlNewParserCtxt() else {
            return ParsedDocument(root: nil, wellFormed: false, truncated: false)
        }
        defer { xmlFreeParserCtxt(context) }
        // Declared entities are never registered, hence never expanded (billion laughs, XXE).
        context.pointee.sax.pointee.entityDecl = nil
        context.pointee.sax.pointee.unparsedEntityDecl = nil
        let document = utf8.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                xmlCtxtReadMemory(context, pointer, Int32(buffer.count), nil, "UTF-8", options)
            }
        }
        guard let document else { return ParsedDocument(root: nil, wellFormed: false, truncated: false) }
        defer { xmlFreeDoc(document) }
        let copy = TreeCopier.copy(root: xmlDocGetRootElement(document), html: false)
        return ParsedDocument(root: copy.root, wellFormed: context.pointee.wellFormed != 0, truncated: copy.truncated)
    }
}

/// One-time, process-wide libxml2 setup.
enum LibXML {
    private static let setUp: Void = {
        xmlInitParser()
        // Whatever asks (DTD, external entity, XInclude), nothing is read from disk or network.
        xmlSetExternalEntityLoader { _, _, _ in nil }
    }()

    static func initialise() {
        _ = setUp
    }
}
