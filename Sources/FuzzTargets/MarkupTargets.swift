import Foundation
import Monitor

/// The readers of fetched bodies: charset detection and decoding, the HTML page reader, the feed
/// reader (RSS, RDF, Atom) and the Telegram channel page reader. The first input byte picks the
/// declared Content-Type, so the header and the in-document declarations are both exercised.
enum MarkupTargets {
    static let contentTypes: [String?] = [
        nil, "text/html", "text/html; charset=utf-8", "text/html; charset=windows-1251", "text/html; charset=koi8-r",
        "application/xml", "application/rss+xml; charset=iso-8859-1", "text/xml; charset=utf-16",
        "text/plain; charset=\"unknown-charset\"", "application/atom+xml; charset=UTF-16LE",
    ]

    static func split(_ bytes: [UInt8]) -> (contentType: String?, body: [UInt8]) {
        guard let first = bytes.first else { return (nil, []) }
        return (contentTypes[Int(first) % contentTypes.count], Array(bytes.dropFirst()))
    }

    static let charset = FuzzTarget(name: "charset") { bytes in
        let (contentType, body) = split(bytes)
        for markup in [CharsetDecoder.Markup.html, .xml, .text] {
            let decoded = CharsetDecoder.decode(body, contentType: contentType, markup: markup)
            invariant(!decoded.charset.isEmpty, "decoded without naming a charset")
            invariant(decoded.invalidSequences >= 0)
        }
    }

    static let html = FuzzTarget(name: "html") { bytes in
        let (contentType, body) = split(bytes)
        let output = WebPageAdapter().extract(
            AdapterInput(url: "https://example.test/dir/page.html", contentType: contentType, body: body))
        checkLinks(output)
    }

    static let feed = FuzzTarget(name: "feed") { bytes in
        let (contentType, body) = split(bytes)
        let output = FeedAdapter().extract(
            AdapterInput(url: "https://example.test/feed.xml", contentType: contentType, body: body))
        checkLinks(output)
    }

    static let telegram = FuzzTarget(name: "telegram") { bytes in
        let (contentType, body) = split(bytes)
        let output = TelegramChannelAdapter().extract(
            AdapterInput(url: "https://t.me/s/examplechannel", contentType: contentType, body: body))
        checkLinks(output)
        if let next = output.nextPageURL {
            invariant(next.hasPrefix("https://t.me/s/"), "next page leaves the channel: \(next)")
        }
    }

    /// Every link handed to discovery is an absolute http(s) address: the fetcher follows them.
    static func checkLinks(_ output: AdapterOutput) {
        for link in output.discoveredLinks {
            let lower = link.lowercased()
            invariant(lower.hasPrefix("http://") || lower.hasPrefix("https://"), "non-http link: \(link)")
        }
    }
}
