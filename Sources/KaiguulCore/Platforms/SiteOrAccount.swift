import Foundation

/// How a target counts in the programme's figures ("63 sites and 20 accounts"): the one rule the
/// dashboard, the charts, the reports and the case pages share, read from the platform table.
///
/// An account is anything that lives on a shared platform: a channel, page or profile, or a post or
/// file there (blocking it never blocks the platform). A site is a domain of its own, a page on one,
/// a user's own subdomain on a platform (`name.blogspot.com`) and an address without a name.
/// What kind of block entry a target is (domain, URL, account) is another question: a URL can be
/// either.
public enum SiteOrAccount: String, Sendable, Hashable, Codable, CaseIterable {
    case site, account

    /// `target` as cases and block orders store it (a domain, `domain:port`, a URL, an account's
    /// URL), also without a scheme (`t.me/name`), or a source identity (`telegram:name`).
    public static func of(target: String) -> SiteOrAccount {
        platform(of: target) == nil ? .site : .account
    }

    /// The shared platform a target lives on (its account's, or the one whose domain it is under);
    /// nil for a site, a user's own subdomain included.
    public static func platform(of target: String) -> Platform? {
        let text = target.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.utf8.count <= 2048 else { return nil }
        if let account = PlatformTable.account(identity: text) { return account.platform }
        guard let host = host(of: text), let platform = PlatformTable.platform(owning: host),
            !platform.isUserSite(host: host)
        else { return nil }
        return platform
    }

    /// The watched source's kind decides for platform kinds; a website, feed or other source counts by
    /// its address, so an "other" source on a platform is still an account.
    public static func of(sourceKind: SourceKind, address: String) -> SiteOrAccount {
        sourceKind.isPlatformAccount ? .account : of(target: address)
    }

    /// The lowercase host, without scheme, credentials, port or trailing dot; nil for IP literals.
    static func host(of text: String) -> String? {
        var rest = Substring(text)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        if let end = rest.firstIndex(where: { "/?#".contains($0) }) { rest = rest[..<end] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        guard !rest.hasPrefix("[") else { return nil }
        if let colon = rest.lastIndex(of: ":") { rest = rest[..<colon] }
        var host = rest.lowercased()
        while host.hasSuffix(".") { host.removeLast() }
        guard !host.isEmpty, !host.allSatisfy({ $0.isNumber || $0 == "." }) else { return nil }
        return host
    }
}
