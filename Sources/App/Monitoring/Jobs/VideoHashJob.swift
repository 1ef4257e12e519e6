import Foundation
import MediaMatch
import Vapor

/// The `video_hash` job: a stored video's frames (ffmpeg, one a second) hashed and matched against
/// the bank, each match a `pdq` (or exact-hash) signal naming the second, added to every item of
/// the payload, whose triage priority rises with it. Queued by the check (`SlowMediaWork`).
enum VideoHashJob {
    static let kind = "video_hash"

    static func run(_ job: ClaimedJob, app: Application) async throws {
        let payload = try SlowMediaWork.Payload.decode(job.payload)
        let services = try app.monitoring
        guard let analyzer = services.mediaAnalyzer else {
            throw OCRImageJob.Unavailable(description: "no media analysis configured")
        }
        // The bank emptied since the check: nothing to compare the frames with.
        guard let matcher = await analyzer.context.current().1, !matcher.isEmpty else { return }
        let sha = payload.media_sha256
        let stored = StoredMedia(url: payload.media_url, sha256: sha, contentType: "video/mp4")
        let findings = try await SlowMediaWork.offPool {
            analyzer.videoFindings(stored, sha256: sha, matcher: matcher)
        }
        let keys = try await SlowMediaWork.itemKeys(payload.item_ids, on: app.db)
        var byItem: [Int: [Finding]] = [:]
        for id in payload.item_ids {
            byItem[id] = await analyzer.quarantined(findings, itemKey: keys[id] ?? "item \(id)")
        }
        let added = try await SlowMediaWork.store(byItem, sha256: sha, kind: kind, job: job, app: app)
        app.logger.info("video_hash \(sha.prefix(12)): \(findings.count) matches, \(added) signals added")
    }
}
