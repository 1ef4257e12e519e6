import Foundation
import KaiguulCore
import Monitor

/// The identity of a source: one normalised string per watched thing, so the same channel typed
/// as `@name`, `t.me/name` or `https://t.me/s/name/` is registered once. The rules live in
/// `Monitor.SourceIdentity`; the kind prefix keeps a Telegram `name` and a VK `name` apart, and
/// the scheme is dropped because a site served over http and https is one site to watch.
enum SourceAddress {
    static func identity(kind: SourceKind, address: String) throws -> String {
        let normalised = try SourceIdentity.normalise(kind: kind, input: address)
        if kind.isPlatformAccount { return "\(kind.rawValue):\(normalised)" }
        for scheme in ["https://", "http://"] where normalised.hasPrefix(scheme) {
            return String(normalised.dropFirst(scheme.count))
        }
        return normalised
    }
}
