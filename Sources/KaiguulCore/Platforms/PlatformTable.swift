import Foundation

/// Every shared platform, and the lookups that sources, tips, cases, block targets, discovery and
/// the dashboard use: which platform a host is, which account a URL names (any form of the account
/// or of one of its posts), source identity strings (`telegram:name`), and match keys.
///
/// A new platform is one more file (`Platform+Name.swift`) and one more entry in `all`.
public enum PlatformTable {
    public static let all: [Platform] =
        [.telegram, .youtube, .facebook, .instagram, .tiktok, .vk, .ok, .x] + Platform.others

    private static let byID = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    private static let byDomain = Dictionary(
        all.flatMap { p in p.domains.map { ($0, p) } },
        uniquingKeysWith: { first, _ in first })
    private static let infrastructure = Set(all.flatMap(\.infrastructureDomains))

    /// The platform with this id (`telegram`, `x`, …).
    public static func named(_ id: String) -> Platform? {
        byID[id]
    }

    /// The platform whose accounts a watched source of this kind is; nil for websites, feeds, other.
    public static func platform(for kind: SourceKind) -> Platform? {
        all.first { $0.sourceKind == kind }
    }

    /// The platform a (lowercase) host belongs to: one of its registered domains or under one, the
    /// most specific domain winning (`drive.google.com` is file sharing, not Google). A user's own
    /// subdomain (`name.blogspot.com`) still belongs; ask `isUserSite(host:)`.
    public static func platform(owning host: String) -> Platform? {
        var suffix = Substring(host)
        while true {
            if let platform = byDomain[String(suffix)] { return platform }
            guard let dot = suffix.firstIndex(of: ".") else { return nil }
            suffix = suffix[suffix.index(after: dot)...]
        }
    }

    /// A host of a platform or of a platform's machinery (CDNs, short links, web clients): never an
    /// independent website, so never a website candidate. A user's own subdomain is a website.
    public static func isPlatformOrInfrastructure(_ host: String) -> Bool {
        if let platform = platform(owning: host) { return !platform.isUserSite(host: host) }
        var suffix = Substring(host)
        while true {
            if infrastructure.contains(String(suffix)) { return true }
            guard let dot = suffix.firstIndex(of: ".") else { return false }
            suffix = suffix[suffix.index(after: dot)...]
        }
    }

    // MARK: - reading URLs

    /// What a normalised URL names on a platform; nil if its host is no platform's (or is a user's
    /// own site on one).
    public static func link(in url: NormalisedURL) -> PlatformLink? {
        guard let platform = platform(owning: url.host), !platform.isUserSite(host: url.host) else { return nil }
        return platform.read(
            Platform.Address(
                host: url.host, segments: url.pathSegments,
                query: url.query.map { ($0.name, $0.value?.removingPercentEncoding) }))
    }

    /// What any text naming a platform thing names: a URL in any form (scheme optional), an app link
    /// (`tg://resolve?domain=name`), or a source identity (`telegram:name`). Nil for websites and
    /// for text that is neither.
    public static func link(_ text: String) -> PlatformLink? {
        let input = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !input.isEmpty, input.utf8.count <= 2048 else { return nil }
        if let account = account(identity: input) {
            var link = PlatformLink(platform: account.platform, account: account)
            link.isAccountPage = true
            return link
        }
        if let link = appLink(input) { return link }
        guard let url = try? NormalisedURL.parse(input) else { return nil }
        return link(in: url)
    }

    /// The account any form of it or of one of its posts names: `t.me/s/name/15`, `@name` is not
    /// enough (which platform?), `telegram:name` is.
    public static func account(in text: String) -> PlatformAccount? {
        link(text)?.account
    }

    /// `tg://resolve?domain=name`: the platform whose app scheme this is reads it.
    private static func appLink(_ input: String) -> PlatformLink? {
        guard input.lowercased().hasPrefix("tg://"), let components = URLComponents(string: input),
            let host = components.host?.lowercased()
        else { return nil }
        let address = Platform.Address(
            host: host, segments: components.path.split(separator: "/").map(String.init),
            query: (components.queryItems ?? []).map { ($0.name, $0.value) })
        return Platform.telegram.read(address)
    }

    // MARK: - source identities

    /// Reads a source identity string (`telegram:name`, `youtube:channel/UC…`). Nil for anything else,
    /// websites' identities (`example.org/news`) included.
    public static func account(identity: String) -> PlatformAccount? {
        guard let colon = identity.firstIndex(of: ":"), let platform = named(String(identity[..<colon])),
            platform.hasAccounts
        else { return nil }
        let handle = identity[identity.index(after: colon)...]
        guard !handle.hasPrefix("/") else { return nil }
        return platform.account(typed: String(handle))
    }

    /// The source identity of an account of a watched kind (`telegram:name`): its match key.
    public static func identity(kind: SourceKind, handle: String) -> String? {
        platform(for: kind)?.account(typed: handle)?.identity
    }

    // MARK: - match keys

    /// The match key of anything that names an account, a post, a page or a site: a URL in any form,
    /// a bare domain, a source identity (`telegram:name`, `example.org/news`), a block target's
    /// canonical spelling, or a match key itself. Nil for text that names none of these, and for a
    /// platform's front page, which names nothing in particular.
    public static func matchKey(for text: String) -> MatchKey? {
        let input = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !input.isEmpty, input.utf8.count <= 2048 else { return nil }
        let lower = input.lowercased()
        if lower.hasPrefix("domain:") {
            return matchKey(for: "https://" + input.dropFirst("domain:".count))
        }
        if lower.hasPrefix("url:") {
            return matchKey(for: "https://" + input.dropFirst("url:".count))
        }
        if let key = account(identity: input)?.matchKey { return key }
        if let key = appLink(input)?.matchKey { return key }
        if let colon = input.firstIndex(of: ":"), let platform = named(String(input[..<colon])), platform.hasAccounts {
            // A post key (`youtube:video/ID`), or a post within an account (`telegram:name/15`).
            let rest = String(input[input.index(after: colon)...])
            if let key = platform.platformWidePostKey(rest) { return key }
            return matchKey(for: "https://\(platform.canonicalHost)/\(rest)")
        }
        guard let url = try? NormalisedURL.parse(input) else { return nil }
        if let link = link(in: url) {
            if let key = link.matchKey { return key }
            guard !url.path.isEmpty || !url.query.isEmpty else { return nil }
            return .url(url)
        }
        return .domain(url.host)
    }

    /// The key of the post a URL names (`telegram:name/15`, `youtube:video/ID`); nil if it names none.
    public static func postKey(for text: String) -> MatchKey? {
        link(text)?.postKey
    }
}
