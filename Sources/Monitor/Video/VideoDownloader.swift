import Foundation
import Synchronization

/// Fetches public video posts and channel listings with yt-dlp, always through the guard proxy.
///
/// A capture runs yt-dlp twice. The first run writes the info JSON, the thumbnail and the subtitles and
/// downloads no video: yt-dlp checks `--match-filter` before it writes any metadata, so a duration filter in a
/// single run would lose the metadata of a video that is too long, and the issue wants it kept. Kaiguul reads
/// the duration and announced size from that JSON; the second run downloads the video from the same JSON
/// (`--load-info-json`, no second extraction) with `--max-filesize` and the duration filter as a second lock.
///
/// yt-dlp is started with `--ignore-config` (no user or system configuration can add options), no cookies,
/// its native downloader only (`--downloader native`: no external program fetching over the network
/// around the proxy), single-file formats (`b/bv*`: no merging) and no post-processing (`--fixup never`: the
/// file is kept as the server sent it).
public struct VideoDownloader: Sendable {
    public let configuration: VideoConfiguration
    private let versionCache = VersionCache()

    public init(configuration: VideoConfiguration) {
        self.configuration = configuration
    }

    /// `yt-dlp 2025.11.12`, or nil when yt-dlp is missing or does not answer.
    public func version() async -> String? {
        if let cached = versionCache.value { return cached }
        guard let ytdlp = configuration.ytdlp else { return nil }
        let process = ToolProcess(executable: ytdlp, arguments: ["--ignore-config", "--no-update", "--version"],
                                  environment: Self.environment(), timeout: .seconds(60), maximumOutputBytes: 200)
        guard let outcome = try? await process.run(), outcome.end == .exited(0) else { return nil }
        let text = String(decoding: outcome.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count < 100, !text.contains("\n") else { return nil }
        let version = "yt-dlp " + text
        versionCache.value = version
        return version
    }

    // MARK: capture

    /// The capture itself, with the proxy given as its URL and a way to read what it refused (the guard proxy
    /// in the product; a stand-in in tests).
    func capture(_ url: String, proxyURL: String, refusals: @Sendable () -> [ProxyRefusal],
                 into directory: URL) async -> VideoCaptureResult
    {
        var result = VideoCaptureResult(requestedURL: url, started: Date())
        result.directory = directory
        let refusalsBefore = refusals().count
        func newRefusals() -> [ProxyRefusal] { Array(refusals().dropFirst(refusalsBefore)) }

        guard Self.isFetchable(url) else {
            result.failure = VideoFailure(kind: .unsupported, message: "not an http(s) address Kaiguul can fetch")
            return result
        }
        guard let ytdlp = configuration.ytdlp else {
            result.failure = Self.toolMissing
            return result
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            result.failure = VideoFailure(kind: .other, message: "cannot create \(directory.path): \(error)")
            return result
        }

        // Step 1: metadata, thumbnail, subtitles.
        let subtitleBytes: Int = configuration.maximumSubtitleBytes * max(1, configuration.subtitleLanguages.count)
        let metadataLimit: Int = configuration.maximumInfoJSONBytes + configuration.maximumThumbnailBytes + subtitleBytes
        var metadataArguments = commonArguments(proxyURL: proxyURL, directory: directory)
        metadataArguments += self.metadataArguments()
        metadataArguments += ["--", url]
        let metadataRun = await run(ytdlp, arguments: metadataArguments,
                                    timeout: configuration.metadataTimeout, outputLimit: 256 * 1024,
                                    directory: directory, sizeLimit: metadataLimit, counting: { _ in true })
        readMetadata(into: &result, directory: directory)
        if result.toolVersion == nil { result.toolVersion = await version() }
        if result.info == nil {
            result.refusals = newRefusals()
            result.failure = failure(of: metadataRun, refused: !result.refusals.isEmpty)
                ?? VideoFailure(kind: .other, message: "yt-dlp wrote no info JSON")
            return result
        }
        if let tooBig = refusalBeforeDownload(result) {
            result.refusals = newRefusals()
            result.failure = tooBig
            return result
        }

        // Step 2: the video file, from the info JSON of step 1. Step 1 writes its thumbnail as `video.<ext>`
        // before renaming it; a run stopped in between must not leave a file step 2 could be taken to have written.
        removeFiles(in: directory) { $0.hasPrefix("video.") }
        let infoFile = directory.appendingPathComponent(Self.infoFileName)
        let urlFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("kaiguul-video-url-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: urlFile) }
        var downloadArguments = commonArguments(proxyURL: proxyURL, directory: directory)
        downloadArguments += self.downloadArguments(infoFile: infoFile, urlFile: urlFile)
        let downloadRun = await run(ytdlp, arguments: downloadArguments,
                                    timeout: configuration.downloadTimeout, outputLimit: 256 * 1024,
                                    directory: directory, sizeLimit: configuration.maximumVideoBytes + 64 * 1024,
                                    counting: { $0.hasPrefix("video.") })
        result.refusals = newRefusals()
        let sourceURL = (try? String(contentsOf: urlFile, encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        // A run stopped by a limit may leave a file behind; only a run that ended by itself delivers one.
        let finished = if case .success(let run) = downloadRun, case .exited = run.end { true } else { false }
        if finished, let video = videoFile(in: directory, sourceURL: sourceURL, info: result.infoJSON) {
            result.video = video
        } else {
            result.failure = failure(of: downloadRun, refused: !result.refusals.isEmpty)
                ?? VideoFailure(kind: .other, message: "yt-dlp wrote no video file")
        }
        removePartialFiles(in: directory)
        return result
    }

    // MARK: listing

    func list(_ channelURL: String, limit: Int, proxyURL: String,
              refusals: @Sendable () -> [ProxyRefusal]) async -> Result<[VideoInfo], VideoFailure>
    {
        guard Self.isFetchable(channelURL) else {
            return .failure(VideoFailure(kind: .unsupported, message: "not an http(s) address Kaiguul can fetch"))
        }
        guard let ytdlp = configuration.ytdlp else { return .failure(Self.toolMissing) }
        let count = max(1, min(limit, configuration.maximumListEntries))
        let refusalsBefore = refusals().count
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("kaiguul-video-list-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var arguments = commonArguments(proxyURL: proxyURL, directory: scratch)
        arguments.removeAll { $0 == "--no-playlist" }
        arguments += ["--yes-playlist", "--flat-playlist", "--dump-json", "--playlist-end", String(count),
                      "--", channelURL]
        let outcome = await run(ytdlp, arguments: arguments, timeout: configuration.listTimeout,
                                outputLimit: min(count * 256 * 1024, 64 * 1024 * 1024), directory: scratch,
                                sizeLimit: 16 * 1024 * 1024, counting: { _ in true })
        var entries: [VideoInfo] = []
        if case .success(let run) = outcome {
            for line in run.stdout.split(separator: UInt8(ascii: "\n")) where entries.count < count {
                if let info = VideoInfo.parse(infoJSON: Array(line)) { entries.append(info) }
            }
        }
        let refused = refusals().count > refusalsBefore
        if entries.isEmpty, let failure = failure(of: outcome, refused: refused) { return .failure(failure) }
        return .success(entries)
    }

    // MARK: arguments

    static let infoFileName = "info.info.json"

    func commonArguments(proxyURL: String, directory: URL) -> [String] {
        [
            "--ignore-config", "--no-update", "--no-cache-dir", "--no-cookies", "--no-cookies-from-browser", "--no-mark-watched",
            "--proxy", proxyURL,
            "--socket-timeout", String(configuration.socketTimeoutSeconds),
            "--retries", "2", "--fragment-retries", "2", "--extractor-retries", "1",
            "--downloader", "native", "--fixup", "never", "--no-mtime",
            "--no-playlist", "--no-progress", "--newline", "--color", "never",
            "--format", "b/bv*",
            "--paths", directory.path,
            "--output", "video.%(ext)s",
        ]
    }

    func metadataArguments() -> [String] {
        [
            "--skip-download", "--ignore-errors",
            "--write-info-json", "--output", "infojson:info",
            "--write-thumbnail", "--output", "thumbnail:thumbnail.%(ext)s",
            "--write-subs", "--write-auto-subs", "--sub-format", "vtt/srt/best",
            "--sub-langs", configuration.subtitleLanguages.joined(separator: ","),
            "--output", "subtitle:subtitles.%(ext)s",
        ]
    }

    func downloadArguments(infoFile: URL, urlFile: URL) -> [String] {
        [
            "--load-info-json", infoFile.path,
            "--no-write-info-json", "--no-write-thumbnail", "--no-write-subs", "--no-write-auto-subs",
            "--max-filesize", String(configuration.maximumVideoBytes),
            "--match-filter", "duration <=? \(configuration.maximumDurationSeconds)",
            "--print-to-file", "after_move:%(url)s", urlFile.path,
        ]
    }

    // MARK: running

    static let toolMissing = VideoFailure(
        kind: .toolMissing, message: "yt-dlp is not installed (make tools, or set KAIGUUL_YTDLP)")

    /// yt-dlp's environment: nothing inherited that could steer it (`*_proxy`, `SSL_CERT_*`, Python paths), a
    /// UTF-8 locale so titles in Kyrgyz and Russian are written as they are.
    static func environment() -> [String: String] {
        [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8", "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONNOUSERSITE": "1",
        ]
    }

    private func run(_ ytdlp: String, arguments: [String], timeout: Duration, outputLimit: Int, directory: URL,
                     sizeLimit: Int, counting: @escaping @Sendable (String) -> Bool) async
        -> Result<ToolProcess.Outcome, VideoFailure>
    {
        let home = FileManager.default.temporaryDirectory
            .appendingPathComponent("kaiguul-ytdlp-home-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: home, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: home) }
        var environment = Self.environment()
        // No configuration, cache or cookie file of the account running Kaiguul is within reach.
        environment["HOME"] = home.path
        environment["XDG_CONFIG_HOME"] = home.path
        environment["XDG_CACHE_HOME"] = home.path
        let process = ToolProcess(executable: ytdlp, arguments: arguments, environment: environment,
                                  timeout: timeout, maximumOutputBytes: outputLimit)
        let path = directory.path
        do {
            let outcome = try await process.run {
                Self.bytesOnDisk(in: path, counting: counting) > sizeLimit ? "files over \(sizeLimit) bytes" : nil
            }
            return .success(outcome)
        } catch {
            if case .missing = error { return .failure(Self.toolMissing) }
            return .failure(VideoFailure(kind: .other, message: "cannot start yt-dlp: \(error)"))
        }
    }

    static func bytesOnDisk(in path: String, counting: (String) -> Bool) -> Int {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: path) else { return 0 }
        return names.filter(counting).reduce(0) { total, name in
            total + ((try? fm.attributesOfItem(atPath: path + "/" + name)[.size] as? Int) ?? 0)
        }
    }

    /// Why a run produced nothing: Kaiguul's own limits first, then yt-dlp's `ERROR:` line, then its notices
    /// that end a download without an error (`--max-filesize`, `--match-filter`).
    func failure(of outcome: Result<ToolProcess.Outcome, VideoFailure>, refused: Bool) -> VideoFailure? {
        let run: ToolProcess.Outcome
        switch outcome {
        case .failure(let failure): return failure
        case .success(let value): run = value
        }
        let output = String(decoding: run.stderr, as: UTF8.self) + "\n" + String(decoding: run.stdout, as: UTF8.self)
        switch run.end {
        case .timedOut:
            return VideoFailure(kind: .timeout, message: "yt-dlp did not finish in time; stopped")
        case .stopped(let reason):
            return VideoFailure(kind: .tooLarge, message: "stopped: \(reason)")
        case .cancelled:
            return VideoFailure(kind: .timeout, message: "the capture was cancelled")
        case .exited, .signalled:
            break
        }
        if let line = VideoFailure.errorLine(in: output) { return VideoFailure.classify(line, guardRefused: refused) }
        let notices = output.split(whereSeparator: \.isNewline).map { String($0) }
        if let line = notices.last(where: { $0.contains("larger than max-filesize") }) {
            return VideoFailure(kind: .tooLarge, message: VideoFailure.bounded(line.trimmingCharacters(in: .whitespaces)))
        }
        if let line = notices.last(where: { $0.contains("does not pass filter") }) {
            return VideoFailure(kind: .tooLong, message: VideoFailure.bounded(line))
        }
        if refused {
            return VideoFailure(kind: .refused, message: "the guard proxy refused a connection yt-dlp needed")
        }
        if case .exited(let status) = run.end, status != 0 {
            return VideoFailure(kind: .other, message: "yt-dlp exited with status \(status)")
        }
        if case .signalled(let signal) = run.end {
            return VideoFailure(kind: .other, message: "yt-dlp ended by signal \(signal)")
        }
        return nil
    }

    // MARK: reading what yt-dlp wrote

    private func readMetadata(into result: inout VideoCaptureResult, directory: URL) {
        let fm = FileManager.default
        let infoFile = directory.appendingPathComponent(Self.infoFileName)
        if let bytes = Self.read(infoFile, limit: configuration.maximumInfoJSONBytes) {
            result.infoJSON = bytes
            result.info = VideoInfo.parse(infoJSON: bytes)
            result.toolVersion = Self.toolVersion(inInfoJSON: bytes)
        }
        let names = ((try? fm.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
        let json = result.infoJSON.flatMap { try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] }
        if let name = names.first(where: { $0.hasPrefix("thumbnail.") && !$0.hasSuffix(".part") }) {
            let file = directory.appendingPathComponent(name)
            let size = Self.size(of: file)
            if size > 0, size <= configuration.maximumThumbnailBytes {
                result.thumbnail = VideoFile(file: file, sourceURL: result.info?.thumbnailURL ?? "",
                                             mediaType: Self.mediaType(forExtension: file.pathExtension), size: size)
            } else {
                try? fm.removeItem(at: file)
            }
        }
        for name in names where name.hasPrefix("subtitles.") && !name.hasSuffix(".part") {
            // subtitles.<language>.<ext>
            let parts = name.split(separator: ".")
            guard parts.count == 3 else { continue }
            let language = String(parts[1]), ext = String(parts[2])
            let file = directory.appendingPathComponent(name)
            guard let bytes = Self.read(file, limit: configuration.maximumSubtitleBytes) else {
                try? fm.removeItem(at: file)
                continue
            }
            let manual = result.info?.subtitleLanguages.contains(language) ?? false
            let automatic = !manual && (result.info?.automaticCaptionLanguages.contains(language) ?? false)
            let source = Self.subtitleURL(json, language: language, ext: ext, automatic: automatic) ?? ""
            let videoFile = VideoFile(file: file, sourceURL: source, mediaType: Self.mediaType(forExtension: ext),
                                      size: bytes.count)
            result.subtitles.append(VideoSubtitle(language: language, automatic: automatic, file: videoFile,
                                                  text: SubtitleText.extract(bytes)))
        }
    }

    /// Too long or announced as too big: the metadata stays, the file is not fetched.
    private func refusalBeforeDownload(_ result: VideoCaptureResult) -> VideoFailure? {
        let limit = configuration.maximumDurationSeconds
        if let duration = result.info?.duration, duration > Double(limit) {
            return VideoFailure(kind: .tooLong,
                                message: "the video lasts \(Int(duration)) s, over the limit of \(limit) s")
        }
        let json = result.infoJSON.flatMap { try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] }
        if let live = json?["is_live"] as? Bool, live {
            return VideoFailure(kind: .tooLong, message: "a live stream has no end to download")
        }
        let announced = (VideoInfo.number(json?["filesize"]) ?? VideoInfo.number(json?["filesize_approx"]))
        if let size = announced, size > Double(configuration.maximumVideoBytes) {
            return VideoFailure(kind: .tooLarge, message: "the video's announced size \(Int(size)) bytes is over "
                                + "the limit of \(configuration.maximumVideoBytes) bytes")
        }
        return nil
    }

    private func videoFile(in directory: URL, sourceURL: String?, info: [UInt8]?) -> VideoFile? {
        // The file is `video.<ext>` with the extension of the format yt-dlp chose (the info JSON says which).
        let json = info.flatMap { try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] }
        guard let ext = json?["ext"] as? String, !ext.isEmpty, ext.count <= 8,
            ext.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) })
        else { return nil }
        let file = directory.appendingPathComponent("video." + ext)
        let size = Self.size(of: file)
        guard size > 0, size <= configuration.maximumVideoBytes else {
            try? FileManager.default.removeItem(at: file)
            return nil
        }
        let source = sourceURL.flatMap { VideoInfo.webURL($0) } ?? VideoInfo.webURL(json?["url"]) ?? ""
        return VideoFile(file: file, sourceURL: source, mediaType: Self.mediaType(forExtension: file.pathExtension),
                         size: size)
    }

    private func removePartialFiles(in directory: URL) {
        removeFiles(in: directory) { $0.hasSuffix(".part") || $0.hasSuffix(".ytdl") || $0.hasSuffix(".temp") }
    }

    private func removeFiles(in directory: URL, where matches: (String) -> Bool) {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: directory.path)) ?? [] where matches(name) {
            try? fm.removeItem(at: directory.appendingPathComponent(name))
        }
    }

    static func toolVersion(inInfoJSON bytes: [UInt8]) -> String? {
        guard let json = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
            let version = (json["_version"] as? [String: Any])?["version"] as? String,
            !version.isEmpty, version.count < 64
        else { return nil }
        return "yt-dlp " + version
    }

    static func subtitleURL(_ json: [String: Any]?, language: String, ext: String, automatic: Bool) -> String? {
        let key = automatic ? "automatic_captions" : "subtitles"
        guard let tracks = (json?[key] as? [String: Any])?[language] as? [[String: Any]] else { return nil }
        let track = tracks.first { ($0["ext"] as? String) == ext } ?? tracks.first
        return VideoInfo.webURL(track?["url"])
    }

    static func read(_ file: URL, limit: Int) -> [UInt8]? {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: limit + 1), data.count <= limit else { return nil }
        return Array(data)
    }

    static func size(of file: URL) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
    }

    static func mediaType(forExtension ext: String) -> String {
        switch ext.lowercased() {
        case "mp4", "m4v": "video/mp4"
        case "webm": "video/webm"
        case "mkv": "video/x-matroska"
        case "mov": "video/quicktime"
        case "flv": "video/x-flv"
        case "3gp": "video/3gpp"
        case "ts": "video/mp2t"
        case "m4a": "audio/mp4"
        case "mp3": "audio/mpeg"
        case "ogg", "oga": "audio/ogg"
        case "opus": "audio/opus"
        case "jpg", "jpeg": "image/jpeg"
        case "png": "image/png"
        case "webp": "image/webp"
        case "gif": "image/gif"
        case "vtt": "text/vtt"
        case "srt": "application/x-subrip"
        case "json": "application/json"
        default: "application/octet-stream"
        }
    }

    /// http(s), at most 2 KiB, no spaces or control characters (the URL is one argument after `--`, so a
    /// leading `-` cannot become an option, but a newline would still confuse the logs).
    static func isFetchable(_ url: String) -> Bool {
        guard url.utf8.count <= 2048,
            !url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }),
            let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", components.host?.isEmpty == false
        else { return false }
        return true
    }
}

/// yt-dlp's version does not change while Kaiguul runs; asked once.
private final class VersionCache: Sendable {
    private let stored = Mutex<String?>(nil)

    var value: String? {
        get { stored.withLock { $0 } }
        set { stored.withLock { $0 = newValue } }
    }
}
