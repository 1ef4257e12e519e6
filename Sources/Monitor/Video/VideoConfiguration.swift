import Foundation

/// Where yt-dlp is and how much it may fetch. Read once at start (`fromEnvironment`).
public struct VideoConfiguration: Sendable {
    /// The yt-dlp executable; nil when none was found (every capture then fails as `tool_missing`).
    public var ytdlp: String?
    /// Largest video file (`KAIGUUL_VIDEO_MAX_MB`): yt-dlp's `--max-filesize`, and Kaiguul ends the
    /// download itself when the files on disk pass it (a server may not announce the size).
    public var maximumVideoBytes: Int = 500 * 1024 * 1024
    /// Longest video (`KAIGUUL_VIDEO_MAX_SECONDS`); longer ones keep their metadata and lose the file.
    public var maximumDurationSeconds: Int = 2 * 3600
    /// Whole run of yt-dlp for the metadata step and for the download step (`KAIGUUL_VIDEO_TIMEOUT_SECONDS`
    /// sets the download's).
    public var metadataTimeout: Duration = .seconds(180)
    public var downloadTimeout: Duration = .seconds(30 * 60)
    /// Listing a channel's latest posts.
    public var listTimeout: Duration = .seconds(180)
    /// yt-dlp's own per-connection timeout (`--socket-timeout`).
    public var socketTimeoutSeconds: Int = 30
    /// Subtitle and caption languages fetched (yt-dlp `--sub-langs`, each a regular expression matched against
    /// the whole code): the programme's languages in two- and three-letter forms (`ky`, `ky-KG`, TikTok's
    /// `kir-KG`), bounded so a video with a hundred machine translations does not fetch a hundred files.
    public var subtitleLanguages: [String] = ["ky(-.*)?", "kir(-.*)?", "ru(-.*)?", "rus(-.*)?", "kk(-.*)?",
                                              "kaz(-.*)?", "uz(-.*)?", "uzb(-.*)?", "tg", "tk", "ar", "en"]
    public var maximumInfoJSONBytes: Int = 16 * 1024 * 1024
    public var maximumSubtitleBytes: Int = 4 * 1024 * 1024
    public var maximumThumbnailBytes: Int = 16 * 1024 * 1024
    /// Entries read from a channel listing, whatever the caller asks.
    public var maximumListEntries: Int = 500

    public init(ytdlp: String?) {
        self.ytdlp = ytdlp
    }

    /// `KAIGUUL_YTDLP` (a path), else `.venv-tools/bin/yt-dlp` under the working directory (what `make tools`
    /// installs), else `yt-dlp` on PATH. `KAIGUUL_VIDEO_MAX_MB`, `KAIGUUL_VIDEO_MAX_SECONDS` and
    /// `KAIGUUL_VIDEO_TIMEOUT_SECONDS` bound a capture; values that are not positive numbers are ignored.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment,
                                       workingDirectory: String = FileManager.default.currentDirectoryPath)
        -> VideoConfiguration
    {
        var configuration = VideoConfiguration(ytdlp: locateYtdlp(environment, workingDirectory: workingDirectory))
        if let megabytes = environment["KAIGUUL_VIDEO_MAX_MB"].flatMap(Int.init), megabytes > 0 {
            configuration.maximumVideoBytes = min(megabytes, 1 << 20) * 1024 * 1024
        }
        if let seconds = environment["KAIGUUL_VIDEO_MAX_SECONDS"].flatMap(Int.init), seconds > 0 {
            configuration.maximumDurationSeconds = min(seconds, 48 * 3600)
        }
        if let seconds = environment["KAIGUUL_VIDEO_TIMEOUT_SECONDS"].flatMap(Int.init), seconds > 0 {
            configuration.downloadTimeout = .seconds(min(seconds, 24 * 3600))
        }
        return configuration
    }

    static func locateYtdlp(_ environment: [String: String], workingDirectory: String) -> String? {
        let fm = FileManager.default
        if let configured = environment["KAIGUUL_YTDLP"], !configured.isEmpty {
            // A name without a slash is looked up on PATH; a path must be executable as given.
            if configured.contains("/") { return fm.isExecutableFile(atPath: configured) ? configured : nil }
            return ToolProcess.onPath(configured, environment: environment)
        }
        let local = URL(fileURLWithPath: workingDirectory).appendingPathComponent(".venv-tools/bin/yt-dlp").path
        if fm.isExecutableFile(atPath: local) { return local }
        return ToolProcess.onPath("yt-dlp", environment: environment)
    }
}
