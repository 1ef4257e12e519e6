import Evidence
import Fluent
import Foundation
import KaiguulCore
import Monitor
import Vapor

/// The capture step in video mode: what yt-dlp fetched of a post becomes `resource` records and
/// `captures` rows.
///
/// - yt-dlp's info JSON, byte for byte, is the anchor (`urn:video-info:<requested URL>`, role
///   `video-info`); the video (`video`), its thumbnail (`video-thumbnail`) and each subtitle file
///   (`subtitles`) are records under the URL yt-dlp downloaded them from, `WARC-Concurrent-To` the
///   info record, and their rows point at the info row as parent;
/// - the video and the thumbnail go into the blob store first and their records are written from
///   the stored blob, so the WARC payload digest and the blob's name are the same bytes' SHA-256;
/// - every record's metadata names the tool and its version, the platform's extractor and id, and
///   the failure when there was one; the info record also lists what the guard refused;
/// - a video that was not fetched (private, removed, too long, …) is a `video` row with the failure
///   (`<kind>: <yt-dlp's message>`) as its error and no record; each refusal of the guard proxy is a
///   `subresource` row with its error. Every row is `capture_mode = video`.
///
/// Roles are fixed by what each record is; the caller's `role` (`page` for a source's post, `archive`
/// for `kaiguul archive`) is written into every record's metadata as `requestedAs`.
extension CaptureRecorder {
    struct VideoRecorded: Sendable {
        var captureIDs: [Int]
        var infoCaptureID: Int?
        /// The video's row: its record, or its failure when it was not fetched.
        var videoCaptureID: Int?
        var thumbnailCaptureID: Int?
        var subtitleCaptureIDs: [Int]
        var videoSHA256: String?
        var thumbnailSHA256: String?
    }

    func record(_ result: VideoCaptureResult, role: String, parentCaptureID: Int?) async throws -> VideoRecorded {
        let label = source?.warcLabel ?? "archive \(result.requestedURL.prefix(300))"
        let collector = job.map { "\(services.collector) \($0.worker)" }
        var head: [Capture] = []
        var rest: [Capture] = []
        var infoRow: Capture?
        var concurrent: [String] = []

        if let json = result.infoJSON {
            let uri = "urn:video-info:\(result.requestedURL)"
            var extra = videoFields(result, role: "video-info", requestedAs: role)
            extra += Self.infoFields(result)
            let written = try await services.warc.write(ResourceCapture(
                targetURI: uri, date: result.started, contentType: "application/json", body: .data(Data(json)),
                source: label, collector: collector, extraMetadata: extra))
            let row = newRow(url: String(uri.prefix(4_000)), at: result.started, role: "video-info",
                             parent: parentCaptureID, mode: .video)
            row.place(written)
            row.contentType = "application/json"
            infoRow = row
            concurrent = [written.resource.recordID]
            head.append(row)
        }

        var videoRow: Capture?
        var videoSHA: String?
        if let video = result.video {
            let (row, sha) = try await writeFile(
                video, role: "video", result: result, requestedAs: role, concurrentTo: concurrent, label: label,
                parent: parentCaptureID)
            videoRow = row
            videoSHA = sha
        } else {
            // The video itself is what was asked for: its absence is a row that says why.
            let row = newRow(url: String(result.requestedURL.prefix(4_000)), at: result.started, role: "video",
                             parent: parentCaptureID, mode: .video)
            row.error = Self.failureText(result.failure)
            videoRow = row
        }
        if infoRow == nil { head.append(videoRow!) } else { rest.append(videoRow!) }

        var thumbnailRow: Capture?
        var thumbnailSHA: String?
        if let thumbnail = result.thumbnail {
            let (row, sha) = try await writeFile(
                thumbnail, role: "video-thumbnail", result: result, requestedAs: role, concurrentTo: concurrent,
                label: label, parent: parentCaptureID)
            thumbnailRow = row
            thumbnailSHA = sha
            rest.append(row)
        }
        var subtitleRows: [Capture] = []
        for subtitle in result.subtitles {
            var extra = [WARCField("language", String(subtitle.language.prefix(40)))]
            if subtitle.automatic { extra.append(WARCField("automaticCaptions", "true")) }
            let (row, _) = try await writeFile(
                subtitle.file, role: "subtitles", result: result, requestedAs: role, concurrentTo: concurrent,
                label: label, parent: parentCaptureID, extra: extra, intoBlobs: false)
            subtitleRows.append(row)
            rest.append(row)
        }
        for refusal in result.refusals {
            let target = refusal.url ?? "\(refusal.host.prefix(300)):\(refusal.port)"
            let row = newRow(url: String(target.prefix(4_000)), at: refusal.date, role: "subresource",
                             parent: parentCaptureID, mode: .video)
            row.error = "refused by the address guard: \(refusal.reason.prefix(500))"
                + (refusal.address.map { " [\($0)]" } ?? "")
            rest.append(row)
        }

        let ids = try await insertPageFirst(head: head, rest: rest, page: head.first)
        return VideoRecorded(
            captureIDs: ids, infoCaptureID: infoRow?.id, videoCaptureID: videoRow?.id,
            thumbnailCaptureID: thumbnailRow?.id, subtitleCaptureIDs: subtitleRows.compactMap(\.id),
            videoSHA256: videoSHA, thumbnailSHA256: thumbnailSHA)
    }

    /// `private: ERROR: [youtube] …: Private video`; what a row's `error` holds for a video not fetched.
    static func failureText(_ failure: VideoFailure?) -> String {
        guard let failure else { return "\(VideoFailure.Kind.other.rawValue): no video file" }
        return String("\(failure.kind.rawValue): \(failure.message)".prefix(2_000))
    }

    /// One file yt-dlp wrote, as a `resource` record (from the blob store when `intoBlobs`) and its row.
    private func writeFile(
        _ file: VideoFile, role: String, result: VideoCaptureResult, requestedAs: String, concurrentTo: [String],
        label: String, parent: Int?, extra more: [WARCField] = [], intoBlobs: Bool = true
    ) async throws -> (Capture, String) {
        var body = WARCPayload.file(file.file)
        var stored: String?
        if intoBlobs {
            let blob = try services.blobs.put(fileAt: file.file)
            stored = blob.sha256
            // The record is written from the stored blob: the bytes hashed for it are the bytes kept.
            body = .file(try services.blobs.url(for: blob.sha256))
        }
        let written = try await services.warc.write(ResourceCapture(
            targetURI: file.sourceURL, date: result.started, contentType: Self.mediaType(file.mediaType), body: body,
            concurrentTo: concurrentTo, source: label, collector: job.map { "\(services.collector) \($0.worker)" },
            extraMetadata: videoFields(result, role: role, requestedAs: requestedAs) + more))
        let sha = written.resource.payloadDigest?.hex ?? ""
        if let stored, stored != sha {
            throw EvidenceError.sourceChanged(path: file.file.path)
        }
        // The parent given here stands when this row is the first one; `insertPageFirst` points the rest at it.
        let row = newRow(url: String(file.sourceURL.prefix(4_000)), at: result.started, role: role, parent: parent,
                         mode: .video)
        row.place(written)
        row.contentType = String(Self.mediaType(file.mediaType).prefix(200))
        return (row, sha)
    }

    /// A media type as yt-dlp's file suggested it, or a neutral one when it is not a plain `type/subtype`.
    static func mediaType(_ text: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&^_.+-/;= ")
        guard !text.isEmpty, text.count <= 200, text.contains("/"), text.allSatisfy(allowed.contains) else {
            return "application/octet-stream"
        }
        return text
    }

    /// What every record of a video capture says about how it was made.
    private func videoFields(_ result: VideoCaptureResult, role: String, requestedAs: String) -> [WARCField] {
        var fields = [
            WARCField("role", role), WARCField("requestedAs", requestedAs),
            WARCField("captureMode", CaptureMode.video.rawValue),
            WARCField("tool", String((result.toolVersion ?? "yt-dlp (version unknown)").prefix(200))),
            WARCField("requestedURL", String(result.requestedURL.prefix(4_000))),
        ]
        if let info = result.info {
            fields.append(WARCField("extractor", String(info.extractor.prefix(100))))
            fields.append(WARCField("videoID", String(info.id.prefix(300))))
        }
        if let failure = result.failure {
            fields.append(WARCField("videoFailure", Self.failureText(failure)))
        }
        if let job { fields.append(WARCField("job", "\(job.id)/\(job.attempt)")) }
        return fields
    }

    /// The info record's metadata: what the guard refused while yt-dlp ran.
    static func infoFields(_ result: VideoCaptureResult) -> [WARCField] {
        var fields = result.refusals.prefix(browserMetadataListLimit).map { WARCField("refused", refusalText($0)) }
        if result.refusals.count > browserMetadataListLimit {
            fields.append(WARCField("listsCut", "\(result.refusals.count - browserMetadataListLimit) more refusals"))
        }
        return fields
    }
}
