import Foundation
import KaiguulCore

/// What a block order acts on, normalised so that one thing has one spelling.
///
/// - `domain`: a site of its own, blocked with every subdomain through DNS (RPZ, hosts, domains). A site
///   named on a port of its own (`https://example.kg:8443/`) keeps the port, so the order says what the
///   decision said; DNS cannot express a port, so the DNS lists block the host on every port.
/// - `url`: one address (a page, a post, a video, or anything on an IP address); providers that filter
///   by URL take it from the CSV or JSON list; DNS lists never carry it.
/// - `account`: a channel, page or profile on a shared platform; URL-level like `url`.
public enum BlockTarget: Sendable, Hashable {
    case domain(String, port: Int? = nil)
    case url(String)
    case account(platform: String, handle: String)

    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case domain, url, account
    }

    public static let maxInputLength = 2048

    public var kind: Kind {
        switch self {
        case .domain: .domain
        case .url: .url
        case .account: .account
        }
    }

    /// One string naming the target: the domain (with `:port` when the decision named one), the URL, or
    /// the account's URL. Parsing it again gives the same target, so this is what to store.
    public var canonical: String {
        switch self {
        case .domain(let name, let port): port.map { "\(name):\($0)" } ?? name
        case .url(let url): url
        case .account(let platform, let handle):
            PlatformTable.named(platform)?.accountURL(handle: handle) ?? "\(platform):\(handle)"
        }
    }

    /// The domain a DNS block list may carry: only a domain target has one, without its port.
    public var blockableDomain: String? {
        if case .domain(let name, _) = self { return name }
        return nil
    }

    /// The port a domain target's decision named (nil for the scheme's default, and for URLs, whose
    /// canonical form carries it).
    public var port: Int? {
        if case .domain(_, let port) = self { return port }
        return nil
    }

    /// Reads a target as an analyst or a court decision writes it: `example.kg`, `пример.кг`,
    /// `https://example.kg/page`, `https://t.me/somechannel`, `@somechannel` (an account on
    /// `defaultPlatform`). A URL naming only a site's root (`https://example.kg/`) is the site: a domain.
    public static func parse(_ input: String, defaultPlatform: String = "telegram") throws(BlockTargetError)
        -> BlockTarget
    {
        let text = input.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw .empty }
        guard text.utf8.count <= maxInputLength else { throw .inputTooLong(limit: maxInputLength) }
        guard text.unicodeScalars.allSatisfy(isVisible) else { throw .invalidCharacter }

        if text.hasPrefix("@") {
            guard let platform = PlatformTable.named(defaultPlatform), !text.contains("/"),
                  let account = platform.account(typed: text)
            else { throw .invalidHandle(text) }
            return .account(platform: platform.id, handle: account.handle)
        }
        if text.contains("://") {
            return try parseURL(text)
        }
        if text.contains(where: { "/?#:".contains($0) }) {
            return try parseURL("https://" + text, schemeGiven: false)
        }
        let domain = try DomainName.normalize(text)
        // `name.t.me` is a channel, not a domain.
        if let platform = PlatformTable.platform(owning: domain), let account = platform.read(
            host: domain, segments: [], query: []).account {
            return .account(platform: platform.id, handle: account.handle)
        }
        try checkBlockableDomain(domain)
        return .domain(domain)
    }

    // MARK: - URLs

    /// `schemeGiven` false: the text had no scheme and `https://` was put in front; a port written
    /// there is kept even when it is 443, so that `example.kg:443` stays what it says.
    private static func parseURL(_ text: String, schemeGiven: Bool = true) throws(BlockTargetError) -> BlockTarget {
        guard !text.contains("\\") else { throw .invalidURL(reason: "backslash") }
        guard let separator = text.range(of: "://") else { throw .invalidURL(reason: "no scheme") }
        let scheme = text[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else {
            throw .unsupportedScheme(String(scheme.prefix(32)))
        }
        var rest = text[separator.upperBound...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let pathAndQuery = rest[authorityEnd...]
        guard !authority.contains("@") else { throw .credentialsInURL }

        let (rawHost, port) = try splitPort(authority)
        let host: String
        let isAddress: Bool
        if rawHost.hasPrefix("[") {
            host = try ipv6Literal(rawHost)
            isAddress = true
        } else if isIPv4(rawHost) {
            host = rawHost
            isAddress = true
        } else {
            host = try DomainName.normalize(rawHost)
            isAddress = false
        }

        var path = Substring(pathAndQuery)
        var query: Substring?
        if let mark = path.firstIndex(of: "?") {
            query = path[path.index(after: mark)...]
            path = path[..<mark]
        }
        let encodedPath = path.isEmpty ? "/" : percentEncoded(path, allowQueryCharacters: false)
        let encodedQuery = query.map { percentEncoded($0, allowQueryCharacters: true) }
        let queryPart = encodedQuery.flatMap { $0.isEmpty ? nil : "?" + $0 } ?? ""
        let hasQuery = !queryPart.isEmpty
        let defaultPort = scheme == "http" ? 80 : 443
        let portPart = port.map { $0 == defaultPort ? "" : ":\($0)" } ?? ""
        let canonicalURL = "\(scheme)://\(host)\(portPart)\(encodedPath)\(queryPart)"

        if isAddress { return .url(canonicalURL) }

        if let platform = PlatformTable.platform(owning: host), !platform.isUserSite(host: host) {
            let segments = encodedPath.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
            let link = platform.read(host: host, segments: segments, query: queryPairs(encodedQuery))
            // Only the account's own page (or a tab of it) is the account; a post, or a page with a
            // query that does not name the account, is that one address.
            if let account = link.account, link.isAccountPage, !hasQuery || link.accountNamedByQuery {
                return .account(platform: platform.id, handle: account.handle)
            }
            // The platform's front page is the platform itself, even at URL level.
            guard encodedPath != "/" || hasQuery else { throw .sharedPlatformDomain(host) }
            return .url(canonicalURL)
        }
        if encodedPath == "/" && !hasQuery {
            try checkBlockableDomain(host)
            return .domain(host, port: port.flatMap { schemeGiven && $0 == defaultPort ? nil : $0 })
        }
        return .url(canonicalURL)
    }

    private static func queryPairs(_ encoded: String?) -> [(name: String, value: String?)] {
        (encoded ?? "").split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                .map { String($0).removingPercentEncoding ?? String($0) }
            return (parts[0], parts.count > 1 ? parts[1] : nil)
        }
    }

    private static func splitPort(_ authority: Substring) throws(BlockTargetError) -> (String, Int?) {
        guard !authority.isEmpty else { throw .invalidURL(reason: "no host") }
        var hostPart = authority
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .invalidURL(reason: "unclosed [") }
            hostPart = authority[...close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw .invalidURL(reason: "text after ]") }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        }
        guard let portText, !portText.isEmpty else { return (String(hostPart), nil) }
        guard portText.count <= 5, portText.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(portText),
              (1...65535).contains(port)
        else { throw .invalidPort }
        return (String(hostPart), port)
    }

    private static func isIPv4(_ host: String) -> Bool {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy { $0.isASCII && $0.isNumber }
                && (Int(part) ?? 256) <= 255
        }
    }

    private static func ipv6Literal(_ host: String) throws(BlockTargetError) -> String {
        let inner = host.dropFirst().dropLast()
        let valid = !inner.isEmpty && inner.count <= 45 && inner.contains(":")
            && inner.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        guard valid else { throw .invalidURL(reason: "bad IPv6 literal") }
        return host.lowercased()
    }

    /// RFC 3986 characters that may stand unencoded in a path (and, with `?`, in a query); everything
    /// else, including non-ASCII, is UTF-8 percent-encoded, and existing escapes get uppercase hex.
    private static func percentEncoded(_ text: Substring, allowQueryCharacters: Bool) -> String {
        let bytes = Array(text.utf8)
        var out = ""
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "%"), i + 2 < bytes.count, isHex(bytes[i + 1]), isHex(bytes[i + 2]) {
                out += "%" + String(UnicodeScalar(bytes[i + 1])).uppercased() + String(UnicodeScalar(bytes[i + 2]))
                    .uppercased()
                i += 3
                continue
            }
            if isUnreservedOrSubDelim(b) || b == UInt8(ascii: "/") || (allowQueryCharacters && b == UInt8(ascii: "?")) {
                out.append(Character(UnicodeScalar(b)))
            } else {
                out += String(format: "%%%02X", b)
            }
            i += 1
        }
        return out
    }

    private static func isHex(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)
    }

    private static func isUnreservedOrSubDelim(_ b: UInt8) -> Bool {
        if (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) { return true }
        return "-._~!$&'()*+,;=:@".utf8.contains(b)
    }

    private static func isVisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned,
            .privateUse:
            false
        default:
            true
        }
    }

    // MARK: - domains

    /// A domain target must be a site, not a registry suffix nor a shared platform.
    private static func checkBlockableDomain(_ domain: String) throws(BlockTargetError) {
        if publicSuffixes.contains(domain) { throw .publicSuffix(domain) }
        if let platform = PlatformTable.platform(owning: domain), !platform.isUserSite(host: domain) {
            throw .sharedPlatformDomain(domain)
        }
    }

    /// Second-level registry suffixes of the region's and the most common country domains. Not the whole
    /// Public Suffix List: it keeps the worst mistakes (blocking all of `com.kg`) out; a court decision
    /// against a real suffix is beyond what this list can prevent.
    static let publicSuffixes: Set<String> = [
        "com.kg", "net.kg", "org.kg", "gov.kg", "edu.kg", "mil.kg",
        "com.kz", "net.kz", "org.kz", "gov.kz", "edu.kz", "mil.kz",
        "co.uz", "com.uz", "net.uz", "org.uz", "gov.uz", "edu.uz",
        "com.tj", "net.tj", "org.tj", "gov.tj", "edu.tj",
        "com.ru", "net.ru", "org.ru", "pp.ru", "msk.ru", "spb.ru",
        "com.ua", "net.ua", "org.ua", "gov.ua", "in.ua",
        "com.tr", "net.tr", "org.tr", "gov.tr",
        "co.uk", "org.uk", "ac.uk", "gov.uk",
        "com.cn", "net.cn", "org.cn",
        "com.af", "org.af", "gov.af",
        "com.pk", "net.pk", "org.pk",
        "com.sa", "net.sa", "org.sa",
        "com.eg", "net.eg", "org.eg",
    ]
}


extension BlockTarget {
    /// The key under which this target meets tips, sources and cases about the same account, post
    /// or site (`telegram:name`, `domain:example.kg`); see `MatchKey`.
    public var matchKey: MatchKey? {
        PlatformTable.matchKey(for: canonical)
    }

    /// The shared platform the target is on: the account's, or the one whose domain a URL is under.
    public var platformID: String? {
        switch self {
        case .account(let platform, _): platform
        case .url(let url): URLComponents(string: url)?.host.flatMap { PlatformTable.platform(owning: $0)?.id }
        case .domain: nil
        }
    }
}
