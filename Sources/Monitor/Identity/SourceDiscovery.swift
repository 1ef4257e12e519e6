import Foundation
import KaiguulCore

/// Turns the links of a capture into candidate sources: platform accounts and other websites.
public enum SourceDiscovery {
    /// Candidates named by `links`, one per identity, in first-seen order.
    ///
    /// - Parameters:
    ///   - links: absolute URLs (relative ones are ignored: resolve them against the page first).
    ///   - pageURL: the captured page; links to its own site and to its own account are not candidates.
    ///   - limit: bounds the work on a hostile page with millions of links.
    public static func candidates(in links: [String], pageURL: String? = nil, limit: Int = 10_000)
        -> [CandidateSource]
    {
        let page = pageURL.flatMap { try? NormalisedURL.parse($0) }
        let ownAccount = page.flatMap { SourceIdentity.account(in: $0) }
        var seen = Set<String>()
        // Origins of ordinary websites already settled on this page: a page links mostly to itself
        // and to a few other sites, and a full URL parse per link cost more than the rest of reading it.
        var settled = Set<Substring>()
        var result: [CandidateSource] = []
        for link in links.prefix(limit) {
            let quick = plainOrigin(of: link)
            if let quick {
                if settled.contains(quick.origin) { continue }
                if !PlatformTable.isPlatformOrInfrastructure(quick.host), let page, sameSite(page.host, quick.host) {
                    settled.insert(quick.origin)
                    continue
                }
            }
            guard link.utf8.count <= 2048, link.contains("://"), let url = try? NormalisedURL.parse(link) else {
                continue
            }
            let candidate: CandidateSource
            if let account = SourceIdentity.account(in: url) {
                // Accounts on platforms the programme does not watch (X, Reddit, …) are not candidates.
                guard let kind = account.platform.sourceKind, account != ownAccount else { continue }
                candidate = CandidateSource(kind: kind, identity: account.key, foundAt: link)
            } else {
                if PlatformTable.isPlatformOrInfrastructure(url.host) { continue }
                if let page, sameSite(page.host, url.host) { continue }
                let site = NormalisedURL(scheme: url.scheme, host: url.host, port: url.port, path: "", query: [])
                candidate = CandidateSource(kind: .website, identity: site.string, foundAt: link)
                if let quick { settled.insert(quick.origin) }
            }
            let key = candidate.kind.rawValue + " " + candidate.identity
            if seen.insert(key).inserted { result.append(candidate) }
        }
        return result
    }

    /// The `scheme://authority` prefix of an absolute link and its host (lowercase, without `www.`
    /// or a trailing dot), read without parsing; nil for anything unusual (user info, IPv6
    /// literals, non-ASCII hosts), which then takes the full parse.
    static func plainOrigin(of link: String) -> (origin: Substring, host: String)? {
        guard let schemeEnd = link.utf8.firstIndex(of: UInt8(ascii: ":")),
              link.utf8[schemeEnd...].starts(with: "://".utf8)
        else { return nil }
        let authorityStart = link.utf8.index(schemeEnd, offsetBy: 3)
        let tail = link.utf8[authorityStart...]
        let authorityEnd = tail.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }
            ?? tail.endIndex
        let authority = link.utf8[authorityStart..<authorityEnd]
        guard !authority.isEmpty, authority.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "@") && $0 != UInt8(ascii: "[") })
        else { return nil }
        let hostEnd = authority.firstIndex(of: UInt8(ascii: ":")) ?? authority.endIndex
        var host = String(decoding: link.utf8[authorityStart..<hostEnd], as: UTF8.self).lowercased()
        while host.hasSuffix(".") { host.removeLast() }
        if host.hasPrefix("www."), host.count > 4 { host.removeFirst(4) }
        guard !host.isEmpty else { return nil }
        return (link[link.startIndex..<authorityEnd], host)
    }

    /// `news.example.org` and `example.org` are one site for discovery purposes.
    static func sameSite(_ lhs: String, _ rhs: String) -> Bool {
        lhs == rhs || lhs.hasSuffix("." + rhs) || rhs.hasSuffix("." + lhs)
    }
}
