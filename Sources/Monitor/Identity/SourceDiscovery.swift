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
        var result: [CandidateSource] = []
        for link in links.prefix(limit) {
            guard link.utf8.count <= 2048, link.contains("://"), let url = try? NormalisedURL.parse(link) else {
                continue
            }
            let candidate: CandidateSource
            if let account = SourceIdentity.account(in: url) {
                if let ownAccount, ownAccount.kind == account.kind, ownAccount.handle == account.handle { continue }
                candidate = CandidateSource(kind: account.kind, identity: account.handle, foundAt: link)
            } else {
                if PlatformHost.isPlatformOrInfrastructure(url.host) { continue }
                if let page, sameSite(page.host, url.host) { continue }
                let site = NormalisedURL(scheme: url.scheme, host: url.host, port: url.port, path: "", query: [])
                candidate = CandidateSource(kind: .website, identity: site.string, foundAt: link)
            }
            let key = candidate.kind.rawValue + " " + candidate.identity
            if seen.insert(key).inserted { result.append(candidate) }
        }
        return result
    }

    /// `news.example.org` and `example.org` are one site for discovery purposes.
    static func sameSite(_ lhs: String, _ rhs: String) -> Bool {
        lhs == rhs || lhs.hasSuffix("." + rhs) || rhs.hasSuffix("." + lhs)
    }
}
