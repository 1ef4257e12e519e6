import Foundation

/// Which links of a crawled site stay on it: http(s) links to the first page's host (any port),
/// without their fragment. A page links to many others and a crawl follows tens of thousands of
/// pages, so this is a string comparison on the already resolved link, not a URL parse per link;
/// the fetcher parses and checks every URL it is given anyway.
struct SameSite: Sendable {
    private let host: String

    init?(_ start: String) {
        guard let host = URLComponents(string: start)?.host?.lowercased(), !host.isEmpty else { return nil }
        self.host = host
    }

    func url(_ link: String) -> String? {
        let utf8 = link.utf8
        let rest: Substring.UTF8View
        if Self.hasPrefix(utf8, "http://") {
            rest = link.dropFirst(7).utf8
        } else if Self.hasPrefix(utf8, "https://") {
            rest = link.dropFirst(8).utf8
        } else {
            return nil
        }
        guard Self.hasPrefix(rest, host) else { return nil }
        let after = rest.dropFirst(host.utf8.count)
        // The host must end here: `example.kg.evil.example` and `example.kg@evil.example` are elsewhere.
        if let next = after.first, ![UInt8(ascii: "/"), UInt8(ascii: ":"), UInt8(ascii: "?"),
                                      UInt8(ascii: "#")].contains(next) { return nil }
        if let hash = link.firstIndex(of: "#") { return String(link[..<hash]) }
        return link
    }

    private static func hasPrefix<C: Collection>(_ text: C, _ prefix: String) -> Bool where C.Element == UInt8 {
        var index = text.startIndex
        for byte in prefix.utf8 {
            guard index != text.endIndex else { return false }
            var c = text[index]
            if c >= UInt8(ascii: "A"), c <= UInt8(ascii: "Z") { c += 32 }
            guard c == byte else { return false }
            index = text.index(after: index)
        }
        return true
    }
}
