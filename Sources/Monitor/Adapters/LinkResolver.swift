import Foundation

/// Resolves links found in content against the page they were found on, keeping http(s) only.
struct LinkResolver {
    let base: URL?

    init(base: String) {
        self.base = URL(string: base)
    }

    init(base: URL?) {
        self.base = base
    }

    /// `<base href>` changes what relative links mean; only an http(s) base is honoured.
    func rebased(_ href: String?) -> LinkResolver {
        guard let href, let resolved = resolve(href) else { return self }
        return LinkResolver(base: URL(string: resolved))
    }

    func resolve(_ raw: String) -> String? {
        guard raw.utf8.count <= 8192 else { return nil }
        let text = Self.trimmed(raw)
        guard !text.isEmpty, text.utf8.count <= 4096 else { return nil }
        let lower = text.lowercased()
        if lower.hasPrefix("javascript:") || lower.hasPrefix("data:") || lower.hasPrefix("mailto:")
            || lower.hasPrefix("tel:") || lower.hasPrefix("#")
        {
            return nil
        }
        let url: URL?
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            url = URL(string: text) ?? URL(string: percentEscapingSpaces(text))
        } else if let base {
            url = URL(string: text, relativeTo: base) ?? URL(string: percentEscapingSpaces(text), relativeTo: base)
        } else {
            return nil
        }
        guard let absolute = url?.absoluteURL, let scheme = absolute.scheme?.lowercased(),
            scheme == "http" || scheme == "https", absolute.host?.isEmpty == false
        else { return nil }
        return absolute.absoluteString
    }

    /// White space trimmed from both ends; Foundation's `trimmingCharacters` bridges through
    /// NSString and showed in the crawl's profile (links are resolved by the ten thousand).
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) ?? first
        if first == scalars.startIndex, scalars.index(after: last) == scalars.endIndex { return text }
        return String(scalars[first...last])
    }

    private func percentEscapingSpaces(_ text: String) -> String {
        text.replacingOccurrences(of: " ", with: "%20")
    }
}
