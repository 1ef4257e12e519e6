import Foundation

/// Reads URLs out of inline CSS, which Telegram uses for photos and thumbnails.
enum CSSURL {
    /// The URL inside the first `url(…)` of an inline style (`background-image:url('…')`).
    static func first(inStyle style: String?) -> String? {
        guard let style, let start = style.range(of: "url(") else { return nil }
        let rest = style[start.upperBound...]
        guard let end = rest.firstIndex(of: ")") else { return nil }
        let value = rest[..<end].trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'"))
        return value.isEmpty ? nil : value
    }
}
