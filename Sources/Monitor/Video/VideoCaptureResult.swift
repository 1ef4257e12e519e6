import Foundation

/// What yt-dlp fetched of one video post, as values; App writes them to WARC `resource` records.
/// The files live in `directory` (a temporary folder the caller removes after writing them).
public struct VideoCaptureResult: Sendable {
    public var requestedURL: String
    /// `yt-dlp 2025.01.15` (the tool's `--version`), recorded with every capture.
    public var toolVersion: String?
    /// The info JSON exactly as yt-dlp wrote it, and what Kaiguul read from it.
    public var infoJSON: [UInt8]?
    public var info: VideoInfo?
    public var thumbnail: VideoFile?
    public var video: VideoFile?
    public var subtitles: [VideoSubtitle]
    /// Connections the guard proxy refused while yt-dlp ran.
    public var refusals: [ProxyRefusal]
    /// Set when the video (or everything) could not be fetched: private, removed, geo-blocked, …
    /// with yt-dlp's own message. Metadata may still be present when only the file was refused (too long, too big).
    public var failure: VideoFailure?
    public var directory: URL?
    public var started: Date

    public init(requestedURL: String, started: Date) {
        self.requestedURL = requestedURL
        self.started = started
        toolVersion = nil
        infoJSON = nil
        info = nil
        thumbnail = nil
        video = nil
        subtitles = []
        refusals = []
        failure = nil
        directory = nil
    }
}

/// A file yt-dlp wrote: where it is, where it came from, what it is.
public struct VideoFile: Sendable, Equatable {
    public var file: URL
    /// The URL yt-dlp downloaded it from (the record's `WARC-Target-URI`).
    public var sourceURL: String
    public var mediaType: String
    public var size: Int

    public init(file: URL, sourceURL: String, mediaType: String, size: Int) {
        self.file = file
        self.sourceURL = sourceURL
        self.mediaType = mediaType
        self.size = size
    }
}

/// Subtitles or automatic captions in one language.
public struct VideoSubtitle: Sendable, Equatable {
    public var language: String
    public var automatic: Bool
    public var file: VideoFile
    /// The cues' text without timing, for text analysis.
    public var text: String

    public init(language: String, automatic: Bool, file: VideoFile, text: String) {
        self.language = language
        self.automatic = automatic
        self.file = file
        self.text = text
    }
}

/// Why a video was not captured.
public struct VideoFailure: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case privateVideo = "private", removed, geoBlocked = "geo_blocked", loginRequired = "login_required"
        case unsupported, tooLarge = "too_large", tooLong = "too_long", refused, timeout, toolMissing = "tool_missing"
        case other
    }

    public var kind: Kind
    /// yt-dlp's own words (its `ERROR:` line), bounded.
    public var message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }
}

/// The fields of yt-dlp's info JSON Kaiguul reads (its documented output template fields).
public struct VideoInfo: Sendable, Equatable, Codable {
    public var id: String
    /// yt-dlp's extractor key (`Youtube`, `TikTok`, `VK`, `Odnoklassniki`, `Instagram`, `Facebook`, `Generic`).
    public var extractor: String
    public var webpageURL: String?
    public var title: String?
    public var description: String?
    public var uploader: String?
    public var uploaderID: String?
    public var uploaderURL: String?
    public var channel: String?
    public var channelID: String?
    public var channelURL: String?
    /// `timestamp` (UNIX time) when given, else `upload_date` (YYYYMMDD) at midnight UTC.
    public var published: Date?
    public var duration: Double?
    public var viewCount: Int?
    public var likeCount: Int?
    public var commentCount: Int?
    public var repostCount: Int?
    public var thumbnailURL: String?
    public var tags: [String]
    /// Languages with subtitles, then those with automatic captions.
    public var subtitleLanguages: [String]
    public var automaticCaptionLanguages: [String]

    public init(id: String, extractor: String) {
        self.id = id
        self.extractor = extractor
        tags = []
        subtitleLanguages = []
        automaticCaptionLanguages = []
    }
}
