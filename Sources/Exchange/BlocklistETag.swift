import Crypto
import Foundation

/// HTTP entity tags for rendered block lists. Strong: the tag changes exactly when the bytes do, so a
/// provider's `If-None-Match` gets 304 until the list (or its serial) changes.
public enum BlocklistETag {
    /// `"sha256-<hex>"` (quotes included, as the header wants them) of the UTF-8 bytes of `content`.
    public static func of(_ content: String) -> String {
        let hex = SHA256.hash(data: Data(content.utf8)).map { String(format: "%02x", $0) }.joined()
        return "\"sha256-\(hex)\""
    }

    /// Whether an `If-None-Match` header value names this tag (a list of tags, `*`, or weak forms).
    public static func matches(ifNoneMatch header: String, etag: String) -> Bool {
        header.split(separator: ",").contains { candidate in
            var tag = candidate.trimmingCharacters(in: .whitespaces)
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            return tag == etag
        }
    }
}
