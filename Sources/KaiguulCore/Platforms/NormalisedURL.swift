import Foundation

/// An http(s) URL reduced to the parts that decide whether two sources are the same:
/// lowercase host without `www.`, no default port, no fragment, no tracking parameters,
/// no trailing slash, remaining query parameters sorted.
public struct NormalisedURL: Sendable, Equatable {
    public let scheme: String
    public let host: String
    public let port: Int?
    /// Path without trailing slash; empty for the root.
    public let path: String
    /// Percent-encoded `name=value` pairs, sorted by name, tracking parameters removed.
    public let query: [(name: String, value: String?)]

    public init(scheme: String, host: String, port: Int?, path: String, query: [(name: String, value: String?)]) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path
        self.query = query
    }

    public static func == (lhs: NormalisedURL, rhs: NormalisedURL) -> Bool {
        lhs.string == rhs.string
    }

    public var pathSegments: [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map {
            String($0).removingPercentEncoding ?? String($0)
        }
    }

    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value?.removingPercentEncoding
    }

    public var origin: String {
        var text = "\(scheme)://\(host)"
        if let port { text += ":\(port)" }
        return text
    }

    public var string: String {
        var text = origin + path
        if !query.isEmpty {
            text +=
                "?"
                + query.map { pair in pair.value.map { "\(pair.name)=\($0)" } ?? pair.name }
                .joined(separator: "&")
        }
        return text
    }

    /// Query parameters that identify a campaign or a click, never the content.
    static let trackingParameters: Set<String> = [
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "ysclid", "igshid", "igsh",
        "mc_cid", "mc_eid", "_ga", "_gl", "ref_src", "ref_url", "spm", "si", "mkt_tok", "oly_anon_id",
        "oly_enc_id", "vero_id", "_hsenc", "_hsmi", "hsctatracking", "rb_clickid", "s_cid", "twclid",
        "ttclid", "__cft__", "__tn__", "mibextid", "feature",
    ]

    public static func isTracking(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasPrefix("utm_") || trackingParameters.contains(lower)
    }

    /// Parses text an analyst typed or a page linked. A missing scheme means https.
    public static func parse(_ raw: String, maximumLength: Int = 2048) throws(SourceIdentityError) -> NormalisedURL {
        let input = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !input.isEmpty else { throw .empty }
        guard input.utf8.count <= maximumLength else { throw .tooLong }
        let withScheme = hasScheme(input) ? input : "https://" + input
        guard let components = URLComponents(string: withScheme) else { throw .notAURL(input) }
        let scheme = (components.scheme ?? "").lowercased()
        guard scheme == "http" || scheme == "https" else { throw .unsupportedScheme(scheme) }
        guard components.user == nil, components.password == nil else { throw .credentialsInURL }
        guard var host = components.host?.lowercased(), !host.isEmpty else { throw .notAURL(input) }
        // Internationalised names compare in their ASCII (punycode) form, the form links resolve to.
        if !host.allSatisfy(\.isASCII) {
            guard let ascii = URL(string: withScheme)?.host?.lowercased(), ascii.allSatisfy(\.isASCII) else {
                throw .notAURL(input)
            }
            host = ascii
        }
        while host.hasSuffix(".") { host.removeLast() }
        if host.hasPrefix("www."), host.count > 4 { host.removeFirst(4) }
        guard !host.isEmpty, !host.contains(" ") else { throw .notAURL(input) }
        var port = components.port
        if let value = port, (scheme == "http" && value == 80) || (scheme == "https" && value == 443) {
            port = nil
        }
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        var pairs: [(name: String, value: String?)] = []
        for item in components.percentEncodedQueryItems ?? [] where !item.name.isEmpty {
            if isTracking(item.name.removingPercentEncoding ?? item.name) { continue }
            pairs.append((item.name, item.value))
        }
        // Stable sort keeps repeated parameters in their original order.
        let sorted = pairs.enumerated().sorted { lhs, rhs in
            lhs.element.name == rhs.element.name ? lhs.offset < rhs.offset : lhs.element.name < rhs.element.name
        }.map(\.element)
        return NormalisedURL(scheme: scheme, host: host, port: port, path: path, query: sorted)
    }

    /// `example.org/x` and `example.org:8080` carry no scheme even though the second looks like one.
    private static func hasScheme(_ input: String) -> Bool {
        guard let colon = input.firstIndex(of: ":") else { return false }
        let scheme = input[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return false }
        let allowed = scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-") }
        guard allowed else { return false }
        let rest = input[input.index(after: colon)...]
        if let next = rest.first, next.isNumber { return false }
        return true
    }
}
