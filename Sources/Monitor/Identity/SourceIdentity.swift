import Foundation
import KaiguulCore

/// The one spelling of a source that decides whether it is already registered.
///
/// Websites, feeds and `other` sources normalise to a URL (`https://example.org/news`). Platform
/// accounts normalise to the account's key in `PlatformTable`, so that every way of writing it
/// compares equal: `@Name`, `t.me/name`, `https://t.me/s/name` and `https://telegram.me/name/42`
/// are all `name`.
public enum SourceIdentity {
    /// The normalised URL (website, rss, other) or the account's key (platform kinds): telegram
    /// `name`; youtube `channel/UC…` (ids keep their case), `@handle`, `c/name` or `user/name`;
    /// facebook `name`, `id/123` or `groups/name`; instagram `name`; tiktok `@name`; vk `name`;
    /// ok `name`, `group/123` or `profile/123`.
    public static func normalise(kind: SourceKind, input: String) throws(SourceIdentityError) -> String {
        guard PlatformTable.platform(for: kind) != nil else { return try NormalisedURL.parse(input).string }
        return try account(kind: kind, input: input).key
    }

    /// The account a platform source names, in any form of the account or of one of its posts.
    /// Its `identity` (`telegram:name`) is the registry spelling.
    public static func account(kind: SourceKind, input: String) throws(SourceIdentityError) -> PlatformAccount {
        guard let platform = PlatformTable.platform(for: kind) else {
            throw .wrongPlatform(expected: kind.rawValue, host: "")
        }
        let trimmed = input.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .empty }
        guard trimmed.utf8.count <= 2048 else { throw .tooLong }
        if isTypedHandle(trimmed) {
            guard let account = platform.account(typed: trimmed) else { throw .invalidHandle(trimmed) }
            return account
        }
        let link: PlatformLink?
        if trimmed.contains("://"), !trimmed.lowercased().hasPrefix("http") {
            link = PlatformTable.link(trimmed)
        } else {
            link = PlatformTable.link(in: try NormalisedURL.parse(trimmed))
        }
        guard let link, link.platform == platform else {
            let host = (try? NormalisedURL.parse(trimmed))?.host ?? ""
            throw .wrongPlatform(expected: kind.rawValue, host: host)
        }
        guard let account = link.account else { throw .notAnAccount(trimmed) }
        return account
    }

    /// `@name`, `name`, a channel id, or a namespaced handle (`channel/UC…`, `group/123`) typed without
    /// a URL: no scheme, and no dot unless it starts with `@`.
    private static func isTypedHandle(_ text: String) -> Bool {
        guard !text.contains(":") else { return false }
        if text.hasPrefix("@") { return !text.contains("/") }
        return !text.contains(".")
    }

    /// Which platform account a link names (its page, a view of it, or one of its posts), if any:
    /// the basis of discovery.
    static func account(in url: NormalisedURL) -> PlatformAccount? {
        PlatformTable.link(in: url)?.account
    }
}
