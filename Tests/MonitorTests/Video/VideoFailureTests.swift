import Testing

@testable import Monitor

/// yt-dlp's `ERROR:` lines, worded as its extractors word them (yt-dlp 2025.11.12), sorted into kinds.
@Suite struct VideoFailureTests {
    static let lines: [(String, VideoFailure.Kind)] = [
        ("ERROR: [youtube] Xq3vN0tD7kA: Private video. Sign in if you've been granted access to this video. "
            + "Use --cookies-from-browser or --cookies for the authentication.", .privateVideo),
        ("ERROR: [vk] -200000001_456239017: Access denied to video -200000001_456239017.", .privateVideo),
        ("ERROR: [tiktok] 7430000000000000001: This post may not be comfortable for some audiences. Log in for access. "
            + "Use --cookies-from-browser or --cookies for the authentication.", .loginRequired),
        ("ERROR: [youtube] Xq3vN0tD7kA: Sign in to confirm your age. This video may be inappropriate for some users.",
         .loginRequired),
        ("ERROR: [youtube] Xq3vN0tD7kA: Sign in to confirm you’re not a bot.", .loginRequired),
        ("ERROR: [Instagram] DAbCdEfGhIj: Requested content is not available, rate-limit reached or login required. "
            + "Use --cookies, --cookies-from-browser, --username and --password", .loginRequired),
        ("ERROR: [vk] -1_2: Video -1_2 is only available for registered users, use --username and --password "
            + "options to provide account credentials.", .loginRequired),
        ("ERROR: [youtube] Xq3vN0tD7kA: The uploader has not made this video available in your country",
         .geoBlocked),
        ("ERROR: [Odnoklassniki] 7000000000001: This video is not available from your location due to geo "
            + "restriction", .geoBlocked),
        ("ERROR: [vk] -1_2: Video -1_2 is not available in your region.", .geoBlocked),
        ("ERROR: [youtube] Xq3vN0tD7kA: Video unavailable. This video has been removed by the uploader", .removed),
        ("ERROR: [youtube] Xq3vN0tD7kA: This video has been removed for violating YouTube's Terms of Service",
         .removed),
        ("ERROR: [vk] -1_2: Video -1_2 is no longer available, because it has been deleted.", .removed),
        ("ERROR: [Odnoklassniki] 7000000000001: The author of this video has not been found or is blocked", .removed),
        ("ERROR: [generic] Unable to download webpage: HTTP Error 404: Not Found (caused by <HTTPError 404: Not "
            + "Found>)", .removed),
        ("ERROR: Unsupported URL: https://example.invalid/about", .unsupported),
        ("ERROR: [generic] page: No video formats found!; please report this issue on  https://github.com/yt-dlp/"
            + "yt-dlp/issues", .unsupported),
        ("ERROR: [youtube] Xq3vN0tD7kA: This content isn't available, try again later. The current session has "
            + "been rate-limited by YouTube for up to an hour.", .other),
        ("ERROR: [generic] Unable to download webpage: <urlopen error Tunnel connection failed: 403 Forbidden> "
            + "(caused by ProxyError('<urlopen error Tunnel connection failed: 403 Forbidden>'))", .refused),
        ("ERROR: [download] Got error: The read operation timed out", .timeout),
        ("ERROR: something nobody has seen before", .other),
    ]

    @Test(arguments: lines) func classifies(_ line: String, _ kind: VideoFailure.Kind) {
        let failure = VideoFailure.classify(line)
        #expect(failure.kind == kind, "\(line)")
        #expect(failure.message == line)
    }

    /// A plain 403 is the site's unless the guard refused something in the same run.
    @Test func forbiddenIsTheGuardsOnlyWhenItRefused() {
        let line = "ERROR: unable to download video data: HTTP Error 403: Forbidden"
        #expect(VideoFailure.classify(line).kind == .other)
        #expect(VideoFailure.classify(line, guardRefused: true).kind == .refused)
    }

    @Test func theLastErrorLineIsTheOneThatCounts() {
        let output = """
            [generic] Extracting URL: http://127.0.0.1/page
            WARNING: [generic] Falling back on generic information extractor
            ERROR: [generic] first
            ERROR: [generic] Unsupported URL: http://127.0.0.1/page
            """
        #expect(VideoFailure.errorLine(in: output) == "ERROR: [generic] Unsupported URL: http://127.0.0.1/page")
        #expect(VideoFailure.errorLine(in: "WARNING: only a warning") == nil)
    }

    @Test func messagesAreBoundedAndPrintable() {
        let line = "ERROR: \u{1B}[0;31m" + String(repeating: "x", count: 5_000) + "\u{0}"
        let failure = VideoFailure.classify(line)
        #expect(failure.message.count <= VideoFailure.maximumMessageLength + 1)
        #expect(!failure.message.unicodeScalars.contains { $0.value < 0x20 })
    }
}
