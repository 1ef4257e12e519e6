/// What a web page shows and says about itself.
public struct WebPage: Sendable, Codable, Hashable {
    public var title: String?
    /// Text a reader sees: no script, style or markup; lines separated by `\n`.
    public var visibleText: String
    /// Absolute http(s) links of `<a href>` / `<area href>`, in order, without duplicates.
    public var links: [String]
    /// Absolute URLs of images, video, audio and their posters.
    public var mediaURLs: [String]
    /// `<meta name=… content=…>` by lowercase name (first wins).
    public var meta: [String: String]
    /// `<meta property="og:…">` by property (first wins).
    public var openGraph: [String: String]
    public var canonicalURL: String?
    /// `<html lang>`, as declared.
    public var declaredLanguage: String?
    /// Feeds the page advertises with `<link rel="alternate" type="application/rss+xml">`.
    public var feedURLs: [String]
}
