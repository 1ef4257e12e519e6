import Foundation

/// A parsed `Content-Type` header value: `type/subtype; charset=…`.
public struct ContentType: Sendable, Equatable {
    /// Lowercase `type/subtype`.
    public let mediaType: String
    public let charset: String?

    public init?(parsing header: String) {
        let parts = header.prefix(512).split(separator: ";", omittingEmptySubsequences: false)
        guard let first = parts.first else { return nil }
        let media = first.trimmingCharacters(in: .whitespaces).lowercased()
        guard !media.isEmpty else { return nil }
        mediaType = media
        var charset: String?
        for parameter in parts.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" else {
                continue
            }
            let value = pair[1].trimmingCharacters(in: .whitespaces)
                .trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            if !value.isEmpty { charset = value }
        }
        self.charset = charset
    }

    public var isHTML: Bool { mediaType == "text/html" || mediaType == "application/xhtml+xml" }

    public var isFeed: Bool {
        [
            "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
            "application/feed+xml",
        ].contains(mediaType)
    }
}
