import Foundation

/// A platform on which many unrelated people publish (Telegram, YouTube, Facebook, …): its hosts,
/// the paths that are its own pages, how its accounts and their posts are written, and the URL that
/// names an account. One value per platform (`Platform+Telegram.swift`, …), listed in `PlatformTable`.
///
/// Two rules hang on this: a court order against one channel, page or video on a platform never
/// blocks the platform's domain (it becomes a URL- or account-level entry), and every spelling of an
/// account or of one of its posts reads back as the same account, so tips, sources, cases and block
/// targets about it meet (`MatchKey`).
public struct Platform: Sendable, Identifiable {
    public enum HandleStyle: Sendable {
        /// `/name`, or `/@name` where the platform also accepts it.
        case plain
        /// Only `/@name` is an account (TikTok, Medium, Threads).
        case atOnly
        /// Only `/@name` is an account and the `@` is part of its spelling (YouTube, whose `/name`
        /// is a legacy address that cannot be resolved without fetching).
        case atKept
    }

    /// Stable name used in keys, identities and exports (`telegram`, `youtube`, …).
    public let id: String
    /// The kind of watched source an account here is, if the programme watches this platform.
    public let sourceKind: SourceKind?
    /// Registered domains; every host under them belongs to the platform and is never blocked whole.
    public let domains: [String]
    /// The platform's CDNs and machinery: never independent websites, so never website candidates.
    /// Not in `domains`: block rules for them are a court's matter, not this table's.
    public let infrastructureDomains: [String]
    /// The host used to spell canonical account URLs.
    public let canonicalHost: String
    /// Whether paths can name accounts at all; if not, every path is URL-level.
    public let hasAccounts: Bool
    let rules: Rules

    /// How paths read. Internal: callers ask `PlatformTable` or the reading methods below.
    struct Rules: Sendable {
        /// Domains whose paths name accounts (default: `domains` without short-link hosts), also
        /// under the `accountHostPrefixes` (`m.`, `web.`, …); `www.` is always dropped first.
        var accountDomains: [String]? = nil
        var accountHostPrefixes: Set<String> = ["m", "mobile"]
        /// `name.t.me`: an account as a subdomain of this domain.
        var accountSubdomainsOf: String? = nil
        /// Hosts under which a path is never an account (link shorteners, video short links).
        var shortLinkHosts: Set<String> = []
        /// First segments that only choose a view of an account and are dropped (`t.me/s/name`).
        var viewPrefixes: Set<String> = []
        /// First segments that start a separate namespace of accounts and are kept
        /// (`youtube.com/channel/ID`, `ok.ru/group/ID`).
        var namespacePrefixes: Set<String> = []
        /// Namespaces whose ids are case-sensitive (YouTube channel ids).
        var caseSensitiveNamespaces: Set<String> = []
        /// Namespaces whose canonical URL is not `host/namespace/id` (`id` → `profile.php?id=`).
        var namespaceURLs: [String: String] = [:]
        /// Pages whose query names the account (`profile.php?id=…`, `feeds/videos.xml?channel_id=…`).
        var queryAccounts: [QueryAccount] = []
        /// First segments that are the platform's own pages, not accounts.
        var reservedPaths: Set<String> = []
        /// Prefixes of first segments that name content, not accounts (`vk.com/wall-1_2`).
        var contentPrefixes: [String] = []
        /// Second segments that are a view of the account itself (`youtube.com/@x/videos`).
        var accountTabs: Set<String> = []
        /// Posts written after an account (`t.me/name/15`, `x.com/name/status/1`).
        var accountPosts: [PostForm] = []
        /// Posts whose number counts within their account (Telegram): the post key names the account.
        var postsCountPerAccount = false
        /// Posts written without an account (`youtube.com/watch?v=ID`, `youtu.be/ID`).
        var platformPosts: [PostForm] = []
        var handleStyle: HandleStyle = .plain
        /// Characters besides ASCII letters and digits a handle may hold.
        var handleExtraCharacters: String = "._-"
        var handleLength: ClosedRange<Int> = 1...100
        /// Whether handles print as written (YouTube shows `@SomeVoice`); they always compare folded.
        var printsHandleCase = false
        /// An id typed alone that names an account in a namespace (YouTube `UC…`, 24 characters).
        var bareID: BareID? = nil
        /// Numbered handles with two spellings (`vk.com/public1` is `vk.com/club1`).
        var numberedAliases: [String: String] = [:]
        /// Platform-specific forms the fields above cannot say (query-named posts, app links).
        var special: (@Sendable (Platform, Address) -> PlatformLink?)? = nil
        /// `name.blogspot.com` is that author's own site: a user subdomain may be blocked as a domain,
        /// while the platform's bare domain and `www` may not.
        var userSubdomains = false
    }

    /// A path (optionally with one query parameter) that names a post.
    struct PostForm: Sendable {
        /// Segments: a literal (compared ignoring case), `*` an id, `#` a number.
        let pattern: [String]
        /// The query parameter holding the id (`watch?v=ID`); then the pattern has no `*`.
        let parameter: String?
        /// How the id is written in a post key (`video` → `video/ID`); empty: the id alone.
        let name: String
        /// Only under this host (`youtu.be`).
        let host: String?

        init(_ pattern: String, parameter: String? = nil, as name: String, host: String? = nil) {
            self.pattern = pattern.split(separator: "/").map(String.init)
            self.parameter = parameter
            self.name = name
            self.host = host
        }
    }

    struct QueryAccount: Sendable {
        let path: String
        let parameter: String
        let namespace: String
    }

    struct BareID: Sendable {
        let prefix: String
        let length: Int
        let namespace: String
    }

    /// A URL taken apart: host lowercase (`www.` dropped), decoded path segments, decoded query.
    struct Address: Sendable {
        var host: String
        var segments: [String]
        var query: [(name: String, value: String?)]

        func value(_ name: String) -> String? {
            query.first { $0.name.lowercased() == name }?.value
        }
    }

    init(
        id: String, sourceKind: SourceKind? = nil, domains: [String], infrastructure: [String] = [],
        canonicalHost: String, hasAccounts: Bool = true, rules: Rules = Rules()
    ) {
        self.id = id
        self.sourceKind = sourceKind
        self.domains = domains
        self.infrastructureDomains = infrastructure
        self.canonicalHost = canonicalHost
        self.hasAccounts = hasAccounts
        self.rules = rules
    }

    // MARK: - hosts

    /// The registered domain `host` is, or is under; nil if the host is not the platform's.
    public func matchingDomain(for host: String) -> String? {
        domains.first { host == $0 || host.hasSuffix("." + $0) }
    }

    /// A host that is a user's own site on this platform (`name.blogspot.com`), not the platform.
    public func isUserSite(host: String) -> Bool {
        guard rules.userSubdomains, let domain = matchingDomain(for: host), host != domain else { return false }
        return host != "www." + domain && host != "m." + domain
    }

    var accountDomains: [String] {
        rules.accountDomains ?? domains.filter { !rules.shortLinkHosts.contains($0) }
    }

    func isAccountHost(_ host: String) -> Bool {
        for domain in accountDomains {
            if host == domain { return true }
            if host.hasSuffix("." + domain), rules.accountHostPrefixes.contains(String(host.dropLast(domain.count + 1)))
            {
                return true
            }
        }
        return false
    }

    /// `name` of `name.t.me`, unless it is one of the platform's own host prefixes.
    func accountSubdomain(_ host: String) -> String? {
        guard let parent = rules.accountSubdomainsOf, host.hasSuffix("." + parent) else { return nil }
        let label = String(host.dropLast(parent.count + 1))
        guard !label.contains("."), !rules.accountHostPrefixes.contains(label) else { return nil }
        return label
    }

    func isShortLinkHost(_ host: String) -> Bool {
        rules.shortLinkHosts.contains(host) || rules.shortLinkHosts.contains { host.hasSuffix("." + $0) }
    }

    // MARK: - reading

    /// What a URL on this platform names. `host` lowercase; `segments` the decoded, non-empty path
    /// segments; `query` the decoded parameters.
    public func read(host: String, segments: [String], query: [(name: String, value: String?)]) -> PlatformLink {
        var bare = host
        if bare.hasPrefix("www."), bare.count > 4 { bare.removeFirst(4) }
        return read(Address(host: bare, segments: segments, query: query))
    }

    func read(_ address: Address) -> PlatformLink {
        let nothing = PlatformLink(platform: self)
        guard hasAccounts else { return nothing }
        if let special = rules.special, let link = special(self, address) { return link }
        for form in rules.platformPosts where form.host == nil || form.host == address.host {
            if let post = form.match(address.segments[...], address) {
                return PlatformLink(platform: self, post: post)
            }
        }
        if isShortLinkHost(address.host) { return nothing }
        var rest = address.segments[...]
        let account: PlatformAccount
        var namedByQuery = false
        if let label = accountSubdomain(address.host) {
            guard let found = handle(label) else { return nothing }
            account = found
        } else {
            guard isAccountHost(address.host) else { return nothing }
            if let first = rest.first, rules.viewPrefixes.contains(first.lowercased()) { rest = rest.dropFirst() }
            let path = rest.joined(separator: "/").lowercased()
            if let form = rules.queryAccounts.first(where: { $0.path == path }) {
                guard let id = address.value(form.parameter), let found = namespaced(form.namespace, id) else {
                    return nothing
                }
                account = found
                rest = []
                namedByQuery = true
            } else if rest.count >= 2, rules.namespacePrefixes.contains(rest[rest.startIndex].lowercased()) {
                guard let found = namespaced(rest[rest.startIndex].lowercased(), rest[rest.startIndex + 1]) else {
                    return nothing
                }
                account = found
                rest = rest.dropFirst(2)
            } else if let first = rest.first, let found = handle(first) {
                account = found
                rest = rest.dropFirst()
            } else {
                return nothing
            }
        }
        var link = PlatformLink(platform: self, account: account)
        link.accountNamedByQuery = namedByQuery
        if let post = rules.accountPosts.lazy.compactMap({ $0.match(rest, address) }).first {
            link.post = post
        } else if rest.isEmpty || (rest.count == 1 && rules.accountTabs.contains(rest[rest.startIndex].lowercased())) {
            link.isAccountPage = true
        }
        return link
    }

    /// An account as an analyst types it: `@name`, `name`, a YouTube `UC…` id, or a namespaced
    /// handle (`channel/UC…`, `group/123`). Nil if it is not a valid handle here.
    public func account(typed input: String) -> PlatformAccount? {
        var text = input.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.utf8.count <= 200,
            text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-@/".contains($0)) })
        else { return nil }
        if let bare = rules.bareID, text.hasPrefix(bare.prefix), text.count == bare.length {
            return namespaced(bare.namespace, text)
        }
        if !text.contains("/") {
            switch rules.handleStyle {
            case .plain: if text.hasPrefix("@") { text.removeFirst() }
            case .atOnly, .atKept: if !text.hasPrefix("@") { text = "@" + text }
            }
        }
        let url = accountURL(handle: text)
        guard let parsed = try? NormalisedURL.parse(url) else { return nil }
        let link = read(
            Address(
                host: parsed.host, segments: parsed.pathSegments,
                query: parsed.query.map { ($0.name, $0.value?.removingPercentEncoding) }))
        guard link.isAccountPage, let account = link.account else { return nil }
        return account
    }

    /// `video/ID` read back as the key of a platform-wide post (`youtube:video/ID`).
    func platformWidePostKey(_ text: String) -> MatchKey? {
        guard !rules.postsCountPerAccount, let slash = text.firstIndex(of: "/") else { return nil }
        let name = String(text[..<slash])
        let names = Set((rules.platformPosts + rules.accountPosts).map(\.name)).subtracting([""])
        guard names.contains(name), let id = Self.validToken(String(text[text.index(after: slash)...])) else {
            return nil
        }
        return MatchKey(rawValue: self.id + ":" + name + "/" + id)
    }

    /// The URL that names an account on this platform.
    public func accountURL(handle: String) -> String {
        if let slash = handle.firstIndex(of: "/"), let path = rules.namespaceURLs[String(handle[..<slash])] {
            return "https://\(canonicalHost)/\(path)\(handle[handle.index(after: slash)...])"
        }
        return "https://\(canonicalHost)/\(handle)"
    }

    // MARK: - handles

    /// A first path segment read as a handle, by the platform's style; nil for its own pages.
    func handle(_ segment: String) -> PlatformAccount? {
        let lower = segment.lowercased()
        guard !rules.reservedPaths.contains(lower), !segment.hasPrefix("+") else { return nil }
        if rules.contentPrefixes.contains(where: { lower.hasPrefix($0) && Self.isContentID(lower.dropFirst($0.count)) })
        {
            return nil
        }
        let body: String
        switch rules.handleStyle {
        case .plain:
            body = segment.hasPrefix("@") ? String(segment.dropFirst()) : segment
            // `@s` must not become `t.me/s`, which reads back as a view prefix, not an account.
            let bare = body.lowercased()
            guard !rules.reservedPaths.contains(bare), !rules.viewPrefixes.contains(bare),
                !rules.namespacePrefixes.contains(bare)
            else { return nil }
        case .atOnly, .atKept:
            guard segment.hasPrefix("@") else { return nil }
            body = String(segment.dropFirst())
        }
        guard var valid = validHandle(body) else { return nil }
        if let number = numbered(valid) { valid = number }
        let at = rules.handleStyle == .plain ? "" : "@"
        return PlatformAccount(
            platform: self, handle: at + (rules.printsHandleCase ? valid : valid.lowercased()),
            key: at + valid.lowercased())
    }

    /// An account in a namespace (`channel/UC…`); the id folds unless the namespace is case-sensitive.
    func namespaced(_ namespace: String, _ id: String) -> PlatformAccount? {
        guard let valid = Self.validToken(id) else { return nil }
        let sensitive = rules.caseSensitiveNamespaces.contains(namespace)
        let key = sensitive ? valid : valid.lowercased()
        let printed = sensitive || rules.printsHandleCase ? valid : key
        return PlatformAccount(platform: self, handle: namespace + "/" + printed, key: namespace + "/" + key)
    }

    func validHandle(_ text: String) -> String? {
        guard rules.handleLength.contains(text.count), !text.hasPrefix("."), !text.hasSuffix(".") else { return nil }
        let valid = text.unicodeScalars.allSatisfy { s in
            (s.value >= 0x61 && s.value <= 0x7A) || (s.value >= 0x41 && s.value <= 0x5A)
                || (s.value >= 0x30 && s.value <= 0x39) || rules.handleExtraCharacters.unicodeScalars.contains(s)
        }
        return valid ? text : nil
    }

    private func numbered(_ handle: String) -> String? {
        let lower = handle.lowercased()
        for (alias, name) in rules.numberedAliases where lower.hasPrefix(alias) {
            let digits = lower.dropFirst(alias.count)
            if !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) { return name + digits }
        }
        return nil
    }

    /// Letters, digits, `_` and `-`: an id in a namespace or a post id.
    static func validToken(_ text: String) -> String? {
        guard (1...100).contains(text.count),
            text.unicodeScalars.allSatisfy({ s in
                (s.value >= 0x61 && s.value <= 0x7A) || (s.value >= 0x41 && s.value <= 0x5A)
                    || (s.value >= 0x30 && s.value <= 0x39) || s == "_" || s == "-" || s == "."
            }),
            !text.hasPrefix("."), !text.hasSuffix(".")
        else { return nil }
        return text
    }

    /// `123`, `-123_45`: what follows a content prefix on VK.
    static func isContentID(_ rest: Substring) -> Bool {
        guard let first = rest.first else { return false }
        return first == "-" || first.isASCIIDigit
    }
}

extension Platform: Equatable, Hashable {
    public static func == (lhs: Platform, rhs: Platform) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

extension Platform.PostForm {
    /// The post named by `segments` (further segments may follow), as `name/ID`.
    func match(_ segments: ArraySlice<String>, _ address: Platform.Address) -> String? {
        guard segments.count >= pattern.count else { return nil }
        var id: String?
        for (part, segment) in zip(pattern, segments) {
            switch part {
            case "*":
                guard let token = Platform.validToken(segment) else { return nil }
                id = token
            case "#":
                guard !segment.isEmpty, segment.count <= 30, segment.allSatisfy(\.isASCIIDigit) else { return nil }
                id = segment
            default:
                guard segment.lowercased() == part else { return nil }
            }
        }
        if let parameter {
            guard segments.count == pattern.count, let value = address.value(parameter),
                let token = Platform.validToken(value)
            else { return nil }
            id = token
        }
        guard let id else { return nil }
        return name.isEmpty ? id : name + "/" + id
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
