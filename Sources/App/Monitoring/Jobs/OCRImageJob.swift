import Foundation
import Vapor

/// The `ocr_image` job: the text in one stored image, read by tesseract and analysed as text, added
/// as `ocr_…` signals to every item of the payload. Queued by the check (`SlowMediaWork`), which no
/// longer waits for tesseract; runs in the worker's `ocr_image` slots.
enum OCRImageJob {
    static let kind = "ocr_image"

    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    static func run(_ job: ClaimedJob, app: Application) async throws {
        let payload = try SlowMediaWork.Payload.decode(job.payload)
        let services = try app.monitoring
        guard let analyzer = services.mediaAnalyzer else { throw Unavailable(description: "no media analysis configured") }
        // Failed, not done: a worker without tesseract says so, and the job can be queued again
        // where it is installed (or this kind's concurrency set to 0 on such machines).
        guard analyzer.textExtractor?.isAvailable ?? false else {
            throw Unavailable(description: "tesseract is not installed on this worker")
        }
        guard let text = await analyzer.context.current().0 else {
            throw Unavailable(description: "the text analysis could not be loaded")
        }
        let sha = payload.media_sha256
        let data = try services.blobs.read(sha, maxBytes: 32 << 20)
        let stored = StoredMedia(url: payload.media_url, sha256: sha)
        let findings = try await SlowMediaWork.offPool {
            analyzer.ocrFindings(data, stored: stored, sha256: sha, text: text)
        }
        let byItem = Dictionary(uniqueKeysWithValues: payload.item_ids.map { ($0, findings) })
        let added = try await SlowMediaWork.store(byItem, sha256: sha, kind: kind, job: job, app: app)
        app.logger.info("ocr_image \(sha.prefix(12)): \(findings.count) signals, \(added) added to \(payload.item_ids.count) items")
    }
}
