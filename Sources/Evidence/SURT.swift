import Foundation
import KaiguulCore

/// Sort-friendly URI Reordering Transform: the key CDX indexes are sorted by
/// (`https://www.Example.com/A?b=1&a=2` → `com,example)/a?a=2&b=1`).
///
/// Follows the default canonicalisation of the Python `surt` package that `cdxj-indexer` and
/// `pywb` use, for the cases that matter to us: scheme, user info, `www` prefix, default port and
/// fragment dropped; host labels reversed (IDN as punycode); dot segments and repeated slashes
/// removed from the path; query arguments sorted; everything lowercased. It does not reproduce
/// that package's rarer rewrites (session-id stripping, numeric IP normalisation).
public enum SURT {
    public static func key(for uri: String) -> String {
        var rest = Substring(uri.trimmingCharacters(in: .whitespacesAndNewlines))
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        var scheme = "http"
        if let range = rest.range(of: "://") {
            scheme = rest[..<range.lowerBound].lowercased()
            rest = rest[range.upperBound...]
        } else if rest.lowercased().hasPrefix("dns:") || rest.lowercased().hasPrefix("urn:") {
            return rest.lowercased()
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        let pathAndQuery = rest[authorityEnd...]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }

        var host = Substring(authority)
        var port: Substring?
        if host.hasPrefix("[") {
            if let close = host.firstIndex(of: "]") {
                let after = host[host.index(after: close)...]
                if after.hasPrefix(":") { port = after.dropFirst() }
                host = host[...close]
            }
        } else if let colon = host.lastIndex(of: ":") {
            port = host[host.index(after: colon)...]
            host = host[..<colon]
        }
        var hostText = host.lowercased()
        while hostText.hasSuffix(".") { hostText.removeLast() }
        hostText = IDNHost.asciiHost(hostText)
        var labels = hostText.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if labels.count > 2, let first = labels.first, isWWW(first) { labels.removeFirst() }
        var key = hostText.hasPrefix("[") ? hostText : labels.reversed().joined(separator: ",")
        if let port, !port.isEmpty, !isDefault(port: port, scheme: scheme) { key += ":\(port)" }

        var path = pathAndQuery
        var query: Substring = ""
        if let question = pathAndQuery.firstIndex(of: "?") {
            path = pathAndQuery[..<question]
            query = pathAndQuery[pathAndQuery.index(after: question)...]
        }
        key += ")" + normalizedPath(String(path))
        if !query.isEmpty {
            let arguments = query.split(separator: "&", omittingEmptySubsequences: true).map(String.init)
            let sorted = arguments.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            if !sorted.isEmpty { key += "?" + sorted.joined(separator: "&") }
        }
        return percentEncodeNonASCII(key).lowercased()
    }

    private static func isWWW(_ label: String) -> Bool {
        guard label.hasPrefix("www") else { return false }
        return label.dropFirst(3).allSatisfy(\.isNumber)
    }

    private static func isDefault(port: Substring, scheme: String) -> Bool {
        (scheme == "http" && port == "80") || (scheme == "https" && port == "443")
    }

    private static func normalizedPath(_ path: String) -> String {
        guard !path.isEmpty else { return "/" }
        var output: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        for segment in segments {
            switch segment {
            case ".": continue
            case "..": _ = output.popLast()
            default: output.append(segment)
            }
        }
        // `surt` strips a trailing slash unless the path is only `/`; pywb looks pages up by
        // its keys, so ours must agree or a packaged `/forum/` is never found on replay.
        return "/" + output.joined(separator: "/")
    }

    private static func percentEncodeNonASCII(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x80 }) else { return text }
        var out = ""
        for byte in text.utf8 {
            if byte >= 0x80 {
                out += String(format: "%%%02X", byte)
            } else {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return out
    }
}

/// Host names in their ASCII form (RFC 3492 punycode per label, from KaiguulCore), so that
/// Cyrillic domains (`.кг`, `.рф`) sort the way other web archive tools sort them.
enum IDNHost {
    static func asciiHost(_ host: String) -> String {
        guard host.unicodeScalars.contains(where: { $0.value >= 0x80 }) else { return host }
        return host.split(separator: ".", omittingEmptySubsequences: false).map { label -> String in
            guard label.unicodeScalars.contains(where: { $0.value >= 0x80 }),
                  let encoded = Punycode.encode(String(label).lowercased())
            else { return String(label) }
            return "xn--" + encoded
        }.joined(separator: ".")
    }
}
