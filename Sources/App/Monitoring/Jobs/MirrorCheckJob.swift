import Fluent
import Foundation
import KaiguulCore
import Vapor

/// The `mirror_check` job: a site's newly captured pages compared with every blocked site
/// (`MirrorCheck`). Queued after a website check stores its pages, so the check itself never waits
/// on favicon fetches or on the comparison.
enum MirrorCheckJob {
    static let kind = "mirror_check"

    struct Payload: Codable, Sendable {
        var capture_ids: [Int]
    }

    static func run(_ job: ClaimedJob, app: Application) async throws {
        let payload = try JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8))
        let proposals = try await MirrorCheck.run(captureIDs: payload.capture_ids, app: app)
        app.logger.info("mirror_check: \(payload.capture_ids.count) pages, \(proposals.count) possible mirrors")
    }

    /// Queues the check for a website's complete pages (channels and platform accounts are not
    /// sites with mirrors of their own). Never fails the source check that calls it: a lost
    /// mirror check is logged, the capture stands.
    static func enqueue(after pages: [CapturePipeline.Page], kind: SourceKind, app: Application) async {
        guard kind == .website else { return }
        let ids = pages.filter(\.complete).sorted { $0.index < $1.index }.compactMap(\.captureID)
            .prefix(MirrorCheck.pagesPerCheck)
        guard !ids.isEmpty,
              let payload = try? JSONEncoder().encode(Payload(capture_ids: Array(ids))) else { return }
        do {
            // Without an active block order there is nothing to look like: no job at all.
            guard try await BlockOrder.query(on: app.db).filter(\.$status == BlockOrderStatus.active.rawValue)
                .count() > 0 else { return }
            _ = try await app.write { db in
                try await JobQueue.enqueue(kind: Self.kind, payload: String(decoding: payload, as: UTF8.self),
                                           dedupeKey: nil, on: db)
            }
        } catch {
            app.logger.warning("mirror_check not queued: \(error)")
        }
    }
}
