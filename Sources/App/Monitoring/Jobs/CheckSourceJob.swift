import Foundation
import Vapor

/// The `check_source` job: one run of the capture pipeline for one source.
enum CheckSourceJob {
    static func run(_ job: ClaimedJob, app: Application) async throws {
        let payload = try CheckSourcePayload.decode(job.payload)
        let report = try await CapturePipeline.check(sourceID: payload.sourceID, job: job, app: app)
        app.logger.info("""
            source \(payload.sourceID): \(report.pages) pages, \(report.captures) captures, \(report.newItems) new, \
            \(report.changedItems) changed, \(report.goneItems) gone, \(report.candidates) candidates
            """)
    }
}
