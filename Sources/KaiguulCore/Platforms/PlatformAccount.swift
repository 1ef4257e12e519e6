/// An account on a shared platform: a channel, page, profile or group.
///
/// Two accounts are the same when their platform and `key` are; `handle` is only how it is shown.
public struct PlatformAccount: Sendable, Hashable, CustomStringConvertible {
    public let platform: Platform
    /// As shown and as written in its URL: `name`, `@SomeVoice` (YouTube keeps the case typed),
    /// `channel/UCabc…`, `group/123`.
    public let handle: String
    /// The folded spelling that decides equality: `name`, `@somevoice`, `channel/UCabc…` (channel
    /// ids are case-sensitive), `group/123`.
    public let key: String

    /// `telegram:name`: the account's match key.
    public var matchKey: MatchKey { MatchKey(rawValue: platform.id + ":" + key) }

    /// The registry spelling of a watched account (`telegram:name`, `youtube:@x`): its match key.
    public var identity: String { matchKey.rawValue }

    /// The canonical URL of the account (`https://t.me/name`).
    public var url: String { platform.accountURL(handle: handle) }

    public var description: String { identity }

    public static func == (lhs: PlatformAccount, rhs: PlatformAccount) -> Bool {
        lhs.platform.id == rhs.platform.id && lhs.key == rhs.key
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(platform.id)
        hasher.combine(key)
    }
}
