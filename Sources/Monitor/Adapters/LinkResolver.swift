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
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
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

    private func percentEscapingSpaces(_ text: String) -> String {
        text.replacingOccurrences(of: " ", with: "%20")
    }
}
