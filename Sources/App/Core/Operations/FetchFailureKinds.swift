import Foundation

/// A failed fetch is a `captures` row with its `error` set (never updated afterwards), so the
/// failures of every worker on every machine are counted from the database at scrape time, not in
/// one process's memory. The row keeps the fetcher's message (`FetchFailure.description`); its
/// fixed opening words name the kind. A browser or video capture's failure is counted by its mode.
enum FetchFailureKinds {
    /// (kind, LIKE pattern on `error`), first match wins. Patterns are constants: they go into the
    /// SQL text as literals (see `caseExpression`), so none may hold a quote.
    static let patterns: [(kind: String, pattern: String)] = [
        ("invalid_url", "invalid URL:%"),
        ("unsupported_scheme", "unsupported scheme:%"),
        ("credentials_in_url", "URL carries credentials%"),
        ("address_refused", "address refused:%"),
        ("address_refused", "refused by the address guard:%"),
        ("resolution_failed", "could not resolve %"),
        ("too_many_redirects", "more than % redirects"),
        ("redirect_without_location", "redirect % without a usable Location"),
        ("content_type_refused", "content type not accepted:%"),
        ("connect_timeout", "connect timeout%"),
        ("read_timeout", "read timeout%"),
        ("total_timeout", "total timeout%"),
        ("connection_failed", "connection failed:%"),
        ("cancelled", "cancelled%"),
        ("invalid_configuration", "invalid configuration:%"),
        ("no_response", "no response%"),
    ]

    static let browser = "browser", video = "video", other = "other"

    /// Every kind a scrape reports, zero or not: an absent series cannot be alerted on.
    static var allKinds: [String] {
        var seen = Set<String>()
        return (patterns.map(\.kind) + [browser, video, other]).filter { seen.insert($0).inserted }
    }

    /// `CASE … END`: NULL for a capture that did not fail, else its kind.
    static var caseExpression: String {
        var parts = ["CASE WHEN error IS NULL THEN NULL",
                     "WHEN capture_mode = '\(browser)' THEN '\(browser)'",
                     "WHEN capture_mode = '\(video)' THEN '\(video)'"]
        for (kind, pattern) in patterns {
            precondition(!pattern.contains("'") && !kind.contains("'"))
            parts.append("WHEN error LIKE '\(pattern)' THEN '\(kind)'")
        }
        parts.append("ELSE '\(other)' END")
        return parts.joined(separator: " ")
    }
}
