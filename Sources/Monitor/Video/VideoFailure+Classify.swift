import Foundation

/// A failure is what `VideoDownloader.list` returns in its `Result`.
extension VideoFailure: Error {}

extension VideoFailure {
    static let maximumMessageLength = 1_000

    /// The last `ERROR:` line yt-dlp printed (it prints the reason of the failure that ended the run last),
    /// verbatim but bounded.
    static func errorLine(in output: String) -> String? {
        let lines = output.split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r" }
        guard let line = lines.last(where: { $0.hasPrefix("ERROR:") }) else { return nil }
        return bounded(String(line))
    }

    static func bounded(_ message: String) -> String {
        let cleaned = String(message.unicodeScalars.filter { $0 == "\t" || $0.value >= 0x20 && $0.value != 0x7F })
        return cleaned.count > maximumMessageLength ? String(cleaned.prefix(maximumMessageLength)) + "…" : cleaned
    }

    /// Reads what went wrong from yt-dlp's `ERROR:` line. The extractors word their errors in English,
    /// each in its own way; the phrases below come from yt-dlp's extractors (YouTube, TikTok, VK, OK,
    /// Instagram, Facebook, generic) and its common `raise_login_required` / `raise_geo_restricted`.
    /// `guardRefused` says the guard proxy refused a connection during the run: an HTTP 403 or a failed
    /// tunnel is then the guard's doing, not the site's.
    public static func classify(_ line: String, guardRefused: Bool = false) -> VideoFailure {
        let message = bounded(line)
        let text = message.lowercased()
        func has(_ phrases: String...) -> Bool { phrases.contains { text.contains($0) } }

        let kind: Kind
        if has("tunnel connection failed: 403") || guardRefused && has("403", "tunnel connection failed",
                                                                        "connection refused", "remote end closed")
        {
            kind = .refused
        } else if has("private video", "video is private", "is private", "private account", "account is private",
                      "privacy settings", "access denied", "this content is private")
        {
            kind = .privateVideo
        } else if has("sign in to confirm", "login required", "log in", "login to", "sign in to view",
                      "only available for registered users", "--cookies", "account required", "members-only",
                      "join this channel", "requires authentication", "you need to log in")
        {
            kind = .loginRequired
        } else if has("geo restriction", "geo-restrict", "geo restricted", "not available in your country",
                      "not available from your location", "not available in your region", "in your country",
                      "your region", "http error 451")
        {
            // 451 "Unavailable For Legal Reasons" is a block by place or law: closest to geo-blocked.
            kind = .geoBlocked
        } else if has("rate-limited", "rate limited", "captcha") {
            // YouTube's "This content isn't available, try again later": the session is throttled, the video is fine.
            kind = .other
        } else if has("removed", "deleted", "no longer available", "does not exist", "has been terminated",
                      "video unavailable", "video is unavailable", "video not available", "not found", "not been found",
                      "http error 404", "http error 410", "content isn't available", "content is not available",
                      "blocked by the author", "author has been blocked")
        {
            kind = .removed
        } else if has("unsupported url", "no video formats found", "no video could be found",
                      "no media found", "there's no video in this", "requested format is not available")
        {
            kind = .unsupported
        } else if has("larger than max-filesize", "file is larger than") {
            kind = .tooLarge
        } else if has("does not pass filter") {
            kind = .tooLong
        } else if has("timed out", "timeout") {
            kind = .timeout
        } else {
            kind = .other
        }
        return VideoFailure(kind: kind, message: message)
    }
}
