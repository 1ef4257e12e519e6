/// The one spelling under which a tip, a source, a case and a block target about the same thing
/// compare equal, whatever URL form each was written in:
///
/// - `telegram:name`, `youtube:@x`, `youtube:channel/UCabc…`, `ok:group/123`: an account on a
///   platform, for the account's page and for any of its posts (`t.me/s/name/15` is `telegram:name`);
/// - `youtube:video/ID`, `x:status/123`: a post whose account its URL does not name;
/// - `url:t.me/joinchat/abc`: any other page on a platform;
/// - `domain:example.org`: any page of a website (host lowercase, ASCII, without `www.`).
///
/// Made by `PlatformTable.matchKey(for:)`; `PlatformTable.matchKey(for: key.rawValue)` gives the key back.
public struct MatchKey: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    static func domain(_ host: String) -> MatchKey {
        MatchKey(rawValue: "domain:" + host)
    }

    static func url(_ url: NormalisedURL) -> MatchKey {
        MatchKey(rawValue: "url:" + url.string.dropFirst(url.scheme.count + 3))
    }

    public var description: String { rawValue }

    public static func < (lhs: MatchKey, rhs: MatchKey) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Lowercase text that every stored spelling of this key contains (a source identity, a case
    /// target, a URL): a coarse filter for SQL `LIKE` before comparing keys exactly.
    public var containedText: String {
        guard let colon = rawValue.firstIndex(of: ":") else { return rawValue.lowercased() }
        let kind = rawValue[..<colon]
        let rest = rawValue[rawValue.index(after: colon)...]
        switch kind {
        case "domain":
            return rest.lowercased()
        case "url":
            let end = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == ":" } ?? rest.endIndex
            return rest[..<end].lowercased()
        default:
            var last = rest.split(separator: "/").last.map(String.init) ?? String(rest)
            if last.hasPrefix("@") { last.removeFirst() }
            return last.lowercased()
        }
    }
}
