import Foundation
import KaiguulCore
import Monitor

/// The identity of a source: one normalised string per watched thing, so the same channel typed
/// as `@name`, `t.me/name` or `https://t.me/s/name/` is registered once. An account's identity is
/// its match key in `PlatformTable` (`telegram:name`: the platform keeps a Telegram `name` and a VK
/// `name` apart); a site's is its normalised URL without the scheme, because a site served over
/// http and https is one site to watch.
enum SourceAddress {
    static func identity(kind: SourceKind, address: String) throws -> String {
        if kind.isPlatformAccount { return try SourceIdentity.account(kind: kind, input: address).identity }
        let normalised = try SourceIdentity.normalise(kind: kind, input: address)
        for scheme in ["https://", "http://"] where normalised.hasPrefix(scheme) {
            return String(normalised.dropFirst(scheme.count))
        }
        return normalised
    }
}
