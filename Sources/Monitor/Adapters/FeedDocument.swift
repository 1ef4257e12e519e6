/// Decoding and parsing shared by the feed and YouTube adapters.
enum FeedDocument {
    struct Result {
        var feed: FeedReader.Feed?
        var charset: String
        var warnings: [String]
    }

    static func read(_ input: AdapterInput) -> Result {
        let decoded = CharsetDecoder.decode(input.body, contentType: input.contentType, markup: .xml)
        var warnings = decoded.warnings
        var text = decoded.text
        // White space before the XML declaration is fatal to a strict parser yet common in real feeds
        // (a CMS printing blank lines first): drop it and say so.
        let trimmed = text.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
        if trimmed.count != text.count, trimmed.hasPrefix("<?xml") {
            warnings.append("white space before the XML declaration was removed")
            text = String(trimmed)
        }
        let document = MarkupParser.parseXML(text)
        if !document.wellFormed {
            warnings.append("feed is not well-formed XML; read what could be recovered")
        }
        if document.truncated { warnings.append("document tree truncated (too deep or too large)") }
        guard let root = document.root else {
            warnings.append("no XML element could be read")
            return Result(feed: nil, charset: decoded.charset, warnings: warnings)
        }
        guard let feed = FeedReader.read(root: root, url: input.url) else {
            warnings.append("not an RSS, RDF or Atom document (root element <\(root.name.prefix(40))>)")
            return Result(feed: nil, charset: decoded.charset, warnings: warnings)
        }
        return Result(feed: feed, charset: decoded.charset, warnings: warnings)
    }
}
