import Fluent
import Foundation
import KaiguulCore
import Monitor
import Vapor

/// A `video` source's check: yt-dlp lists the channel's (or the post's) videos through the guard
/// proxy, and each video not kept yet is captured whole — info JSON, thumbnail, subtitles and the
/// file (`MonitoringServices.captureVideo`) — and becomes an item: the title, the description and
/// the subtitles' text for the text analysis, the thumbnail and the video's frames for the media
/// analysis. A video already kept is not downloaded again at every check (a channel is listed, not
/// re-fetched), so a later edit of its title or description is not a new version here.
///
/// A video yt-dlp could not fetch (private, removed, geo-blocked, …) is recorded as such, with
/// yt-dlp's message: its rows carry the failure, and an item is made only when the listing told
/// what the video is (its title), pointing at the failed capture so its page says why.
extension CapturePipeline {
    /// Videos listed per check, and downloaded per check at most (the rest wait for the next check).
    static func videoLimits(_ env: [String: String] = ProcessInfo.processInfo.environment) -> (list: Int, download: Int) {
        func int(_ key: String, _ range: ClosedRange<Int>) -> Int? {
            env[key].flatMap(Int.init).map { min(max($0, range.lowerBound), range.upperBound) }
        }
        return (int("KAIGUUL_VIDEO_LIST_LIMIT", 1...500) ?? 30, int("KAIGUUL_VIDEOS_PER_CHECK", 1...100) ?? 5)
    }

    /// The address yt-dlp is given: what the analyst typed when it is a URL, else the platform's page
    /// of the account (a YouTube channel's page, not the feed the `http` adapter reads).
    static func videoAddress(_ source: SourceSnapshot, kind: SourceKind, first: String) -> String {
        let typed = source.address.trimmingCharacters(in: .whitespacesAndNewlines)
        let lower = typed.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return typed }
        if kind == .youtube, let id = first.components(separatedBy: "channel_id=").dropFirst().first {
            return "https://www.youtube.com/channel/" + id
        }
        return first
    }

    static func checkVideos(source: SourceSnapshot, kind: SourceKind, first: String, job: ClaimedJob?,
                            services: MonitoringServices, recorder: CaptureRecorder, app: Application) async throws
        -> Report
    {
        let capture: @Sendable (String) async -> VideoCaptureResult = Tools.video ?? { url in
            await services.captureVideo(url)
        }
        let list: @Sendable (String, Int) async -> Result<[VideoInfo], VideoFailure> = Tools.listVideos ?? { url, limit in
            await services.listVideos(url, limit: limit)
        }
        let limits = videoLimits()
        let address = services.locate(videoAddress(source, kind: kind, first: first))
        var warnings: [String] = []

        // The listing, newest first as the platform gives it; a post is a listing of one.
        var listed: [VideoInfo] = []
        switch await list(address, limits.list) {
        case .success(let infos): listed = Array(infos.prefix(limits.list))
        case .failure(let failure): warnings.append("video listing failed: \(failure.kind.rawValue): \(failure.message.prefix(500))")
        }
        let stored = Set(try await Item.query(on: app.db).filter(\.$sourceID == source.id).all(\.$itemKey))
        var waiting: [(key: String?, url: String, listing: VideoInfo?)] = []
        var seen = Set<String>()
        for info in listed {
            let key = Self.videoKey(info)
            guard !stored.contains(key), seen.insert(key).inserted else { continue }
            waiting.append((key, info.webpageURL.map(services.locate) ?? address, info))
        }
        // Nothing listed (a single post yt-dlp cannot list, or a failure): the address itself is
        // captured, so a private or removed video is recorded with yt-dlp's words.
        if listed.isEmpty { waiting = [(nil, address, nil)] }
        if waiting.count > limits.download {
            warnings.append("\(waiting.count - limits.download) new videos left for the next check")
            waiting = Array(waiting.prefix(limits.download))
        }

        var pages: [Page] = []
        var current: [(key: String, item: ExtractedItem)] = []
        var media: [String: [StoredMedia]] = [:]
        for (index, entry) in waiting.enumerated() {
            try Task.checkCancellation()
            let result = await capture(entry.url)
            defer { if let directory = result.directory { try? FileManager.default.removeItem(at: directory) } }
            let recorded = try await recorder.record(result, role: "page", parentCaptureID: nil)
            if let failure = result.failure {
                warnings.append("video \(entry.url.prefix(300)): \(failure.kind.rawValue): \(failure.message.prefix(500))")
            }
            guard let item = Self.videoItem(listing: entry.listing, captured: result) else { continue }
            let key = entry.key ?? ChangeDetector.key(for: item, pageURL: entry.url)
            // A post captured again because it could not be listed is stored once.
            if entry.key == nil { guard !stored.contains(key), seen.insert(key).inserted else { continue } }
            let anchor = recorded.infoCaptureID ?? recorded.videoCaptureID ?? recorded.captureIDs.first
            pages.append(Page(url: entry.url, captureID: anchor, status: nil, complete: false, output: nil, index: index))
            current.append((key: key, item: item))
            media[key] = Self.videoMedia(result, recorded: recorded)
        }

        // Listings are bounded and videos already kept are left out: absence never means gone here.
        let compared = try await compare(source: source, kind: kind, pages: pages, current: current, cut: true, app: app)
        let pageOf = Dictionary(zip(current.map(\.key), pages), uniquingKeysWith: { first, _ in first })
        let findings = await analyse(compared.changes, media: media, source: source, services: services)
        var report = try await store(source: source, job: job, compared: compared, pageOf: pageOf, media: media,
                                     findings: findings, pages: pages, app: app)
        report.captures = await recorder.captureIDs.count
        report.pages = pages.count
        report.warnings = warnings
        return report
    }

    static func videoKey(_ info: VideoInfo) -> String {
        info.id.isEmpty ? "url:" + String((info.webpageURL ?? "").prefix(2000)) : "id:" + String(info.id.prefix(500))
    }

    /// The item of one video: what yt-dlp read when it fetched it, else what the listing said. The
    /// description and the subtitles' text (without timing) are its text; nil when nothing says what it is.
    static func videoItem(listing: VideoInfo?, captured result: VideoCaptureResult) -> ExtractedItem? {
        guard let info = result.info ?? listing else { return nil }
        var parts: [String] = []
        if let description = info.description, !description.isEmpty { parts.append(description) }
        for subtitle in result.subtitles where !subtitle.text.isEmpty { parts.append(subtitle.text) }
        let title = info.title.flatMap { $0.isEmpty ? nil : $0 }
        guard title != nil || !parts.isEmpty || result.video != nil else { return nil }
        var links: [String] = []
        for link in [info.uploaderURL, info.channelURL] { if let link, !link.isEmpty { links.append(link) } }
        return ExtractedItem(
            platformID: info.id.isEmpty ? nil : info.id, permalink: info.webpageURL ?? result.requestedURL,
            authorHandle: info.uploaderID ?? info.channelID, authorName: info.uploader ?? info.channel,
            published: info.published, title: title, text: parts.joined(separator: "\n\n"), links: links,
            views: info.viewCount)
    }

    /// The thumbnail (image matching, OCR) and the video file (frame matching), as the item's media.
    static func videoMedia(_ result: VideoCaptureResult, recorded: CaptureRecorder.VideoRecorded) -> [StoredMedia] {
        var media: [StoredMedia] = []
        if let thumbnail = result.thumbnail, let sha = recorded.thumbnailSHA256 {
            media.append(StoredMedia(url: thumbnail.sourceURL, sha256: sha, size: thumbnail.size,
                                     contentType: String(thumbnail.mediaType.prefix(100)),
                                     captureID: recorded.thumbnailCaptureID))
        }
        if let video = result.video, let sha = recorded.videoSHA256 {
            // The stored type says it is a video whatever yt-dlp called the file, so the analysis samples frames.
            let type = video.mediaType.lowercased().hasPrefix("video/") ? video.mediaType : "video/mp4"
            media.append(StoredMedia(url: video.sourceURL, sha256: sha, size: video.size,
                                     contentType: String(type.prefix(100)), captureID: recorded.videoCaptureID))
        } else if let failure = result.failure {
            media.append(StoredMedia(url: result.requestedURL, captureID: recorded.videoCaptureID,
                                     error: "\(failure.kind.rawValue): \(failure.message.prefix(500))"))
        }
        return media
    }
}
