import Foundation

/// http(s) URLs written out in plain text (video descriptions, message bodies): a token scan, not markup.
enum PlainTextLinks {
    static func find(in text: String, limit: Int = 500) -> [String] {
        var found = OrderedSet(limit: limit)
        for token in text.split(whereSeparator: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "\"" }) {
            guard let start = token.range(of: "https://") ?? token.range(of: "http://") else { continue }
            var candidate = token[start.lowerBound...]
            while let last = candidate.last, ".,;:!?)]}'".contains(last) { candidate.removeLast() }
            found.append(LinkResolver(base: nil).resolve(String(candidate)))
        }
        return found.elements
    }
}
