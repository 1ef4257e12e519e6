import Foundation
import KaiguulCore

/// The one spelling of a source that decides whether it is already registered.
///
/// Websites, feeds and `other` sources normalise to a URL (`https://example.org/news`). Platform
/// accounts normalise to the platform's handle, so that every way of writing it compares equal:
/// `@Name`, `t.me/name`, `https://t.me/s/name` and `https://telegram.me/name/42` are all `name`.
public enum SourceIdentity {
    /// The normalised URL (website, rss, other) or platform handle (platform kinds).
    ///
    /// Handles by platform: telegram `name`; youtube `channel/UC…` (ids keep their case), `@handle`,
    /// `c/name` or `user/name`; facebook `name`, `id/123` or `groups/name`; instagram `name`;
    /// tiktok `@name`; vk `name`; ok `name`, `group/123` or `profile/123`.
    public static func normalise(kind: SourceKind, input: String) throws(SourceIdentityError) -> String {
        switch kind {
        case .website, .rss, .other:
            return try NormalisedURL.parse(input).string
        case .telegram:
            return try telegramHandle(input)
        case .youtube, .facebook, .instagram, .tiktok, .vk, .ok:
            let trimmed = input.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { throw .empty }
            guard trimmed.utf8.count <= 2048 else { throw .tooLong }
            if let bare = try bareHandle(kind: kind, trimmed) { return bare }
            let url = try NormalisedURL.parse(trimmed)
            guard let platform = PlatformHost.kind(ofHost: url.host) else {
                throw .wrongPlatform(expected: kind.rawValue, host: url.host)
            }
            guard platform == kind else { throw .wrongPlatform(expected: kind.rawValue, host: url.host) }
            guard let handle = accountHandle(kind: kind, url: url) else { throw .notAnAccount(trimmed) }
            return handle
        }
    }

    /// Which platform account a link names, if any: the basis of discovery.
    static func account(in url: NormalisedURL) -> (kind: SourceKind, handle: String)? {
        guard let kind = PlatformHost.kind(ofHost: url.host) else { return nil }
        if kind == .telegram {
            guard let handle = telegramHandle(url: url) else { return nil }
            return (kind, handle)
        }
        guard let handle = accountHandle(kind: kind, url: url) else { return nil }
        return (kind, handle)
    }

    // MARK: Telegram

    private static func telegramHandle(_ raw: String) throws(SourceIdentityError) -> String {
        let input = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !input.isEmpty else { throw .empty }
        guard input.utf8.count <= 2048 else { throw .tooLong }
        if input.lowercased().hasPrefix("tg://") {
            guard let components = URLComponents(string: input),
                let domain = components.queryItems?.first(where: { $0.name == "domain" })?.value
            else { throw .notAnAccount(input) }
            return try validTelegramName(domain)
        }
        if !input.contains("/") && !input.contains(".") {
            return try validTelegramName(input.hasPrefix("@") ? String(input.dropFirst()) : input)
        }
        let url = try NormalisedURL.parse(input)
        guard PlatformHost.kind(ofHost: url.host) == .telegram else {
            throw .wrongPlatform(expected: SourceKind.telegram.rawValue, host: url.host)
        }
        guard let handle = telegramHandle(url: url) else { throw .notAnAccount(input) }
        return handle
    }

    private static func telegramHandle(url: NormalisedURL) -> String? {
        var segments = url.pathSegments
        if segments.first == "s" { segments.removeFirst() }
        guard let name = segments.first else { return nil }
        // Private invites (`+hash`, `joinchat/hash`) and service paths are not public channels.
        let reserved: Set<String> = [
            "joinchat", "addstickers", "addemoji", "share", "proxy", "socks", "iv", "login", "setlanguage",
            "addtheme", "bg", "invoice", "confirmphone", "contact", "boost", "c",
        ]
        guard !name.hasPrefix("+"), !reserved.contains(name.lowercased()) else { return nil }
        return try? validTelegramName(name)
    }

    private static func validTelegramName(_ name: String) throws(SourceIdentityError) -> String {
        let lower = name.lowercased()
        guard (3...64).contains(lower.count),
            lower.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
        else { throw .invalidHandle(name) }
        return lower
    }

    // MARK: Other platforms

    /// `@name` or a YouTube channel id typed without a URL.
    private static func bareHandle(kind: SourceKind, _ input: String) throws(SourceIdentityError) -> String? {
        guard !input.contains("/"), !input.contains(".") || input.hasPrefix("@") else { return nil }
        if kind == .youtube, input.hasPrefix("UC"), input.count == 24, isHandleText(input, extra: "-_") {
            return "channel/" + input
        }
        let name = input.hasPrefix("@") ? String(input.dropFirst()) : input
        guard !name.isEmpty, name.count <= 100, isHandleText(name, extra: "._-") else {
            throw .invalidHandle(input)
        }
        switch kind {
        case .youtube, .tiktok: return "@" + name.lowercased()
        default: return name.lowercased()
        }
    }

    private static func isHandleText(_ text: String, extra: String) -> Bool {
        text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || extra.contains($0)) }
    }

    private static func accountHandle(kind: SourceKind, url: NormalisedURL) -> String? {
        let segments = url.pathSegments
        let first = segments.first?.lowercased()
        func name(_ text: String?) -> String? {
            guard let text, !text.isEmpty, text.count <= 100, isHandleText(text, extra: "._-") else { return nil }
            return text.lowercased()
        }
        switch kind {
        case .youtube:
            if first == "feeds", let id = url.queryValue("channel_id"), isHandleText(id, extra: "-_") {
                return "channel/" + id
            }
            guard let first, segments.count >= 1 else { return nil }
            if first.hasPrefix("@") { return name(String(first.dropFirst())).map { "@" + $0 } }
            if first == "channel", segments.count >= 2, isHandleText(segments[1], extra: "-_") {
                return "channel/" + segments[1]
            }
            if first == "c" || first == "user", segments.count >= 2, let handle = name(segments[1]) {
                return first + "/" + handle
            }
            return nil
        case .facebook:
            guard let first else { return nil }
            if first == "profile.php", let id = url.queryValue("id"), id.allSatisfy(\.isNumber), !id.isEmpty {
                return "id/" + id
            }
            if first == "groups", segments.count >= 2, let group = name(segments[1]) { return "groups/" + group }
            if first == "people", segments.count >= 3, segments[2].allSatisfy(\.isNumber) {
                return "id/" + segments[2]
            }
            let reserved: Set<String> = [
                "sharer", "sharer.php", "share", "share.php", "watch", "events", "photo", "photo.php", "story.php",
                "permalink.php", "login", "login.php", "help", "policies", "privacy", "hashtag", "dialog", "plugins",
                "reel", "reels", "marketplace", "gaming", "pages", "tr", "l.php", "home.php", "video.php",
            ]
            guard !reserved.contains(first) else { return nil }
            return name(first)
        case .instagram:
            guard let first else { return nil }
            let reserved: Set<String> = [
                "p", "reel", "reels", "tv", "stories", "explore", "accounts", "direct", "about", "legal", "developer",
            ]
            guard !reserved.contains(first) else { return nil }
            return name(first)
        case .tiktok:
            guard let first, first.hasPrefix("@") else { return nil }
            return name(String(first.dropFirst())).map { "@" + $0 }
        case .vk:
            guard let first else { return nil }
            let reserved: Set<String> = [
                "share.php", "away.php", "wall", "video", "photo", "feed", "im", "login", "search", "doc", "audio",
                "clip", "clips", "music", "app", "apps", "settings", "friends", "groups", "login.php",
            ]
            guard !reserved.contains(first), !first.hasPrefix("wall"), !first.hasPrefix("video") else {
                return nil
            }
            return name(first)
        case .ok:
            guard let first else { return nil }
            if first == "group" || first == "profile", segments.count >= 2, segments[1].allSatisfy(\.isNumber) {
                return first + "/" + segments[1]
            }
            let reserved: Set<String> = ["video", "dk", "music", "game", "games", "app", "search", "feed"]
            guard !reserved.contains(first) else { return nil }
            return name(first)
        case .telegram:
            return telegramHandle(url: url)
        case .website, .rss, .other:
            return nil
        }
    }
}
