/// Which kinds of source each capture mode can read. The rule lives here, not in a form, so the web
/// form, the API and anything that sets a mode later refuse the same pairs.
extension CaptureMode {
    /// - `http` reads every kind (what the adapters were written for).
    /// - `browser` needs a page a reader looks at: not a feed (`rss`), and not a YouTube channel, whose
    ///   adapter reads the channel's Atom feed — a browser would only draw the XML.
    /// - `video` needs something yt-dlp has an extractor for: the video platforms, and a site or other
    ///   page (yt-dlp's generic extractor finds a `<video>` in it). A feed or a Telegram channel is not one.
    public func reads(_ kind: SourceKind) -> Bool {
        switch self {
        case .http: true
        case .browser: kind != .rss && kind != .youtube
        case .video: kind != .rss && kind != .telegram
        }
    }

    /// The modes a source of `kind` may have, in the order a form lists them.
    public static func modes(for kind: SourceKind) -> [CaptureMode] {
        allCases.filter { $0.reads(kind) }
    }
}
