import Foundation
import SQLKit
import Vapor

/// The scheduled check that blocks hold: every `KAIGUUL_VERIFY_BLOCKS_HOURS` (default 6, 0 turns
/// it off) a `verify_blocks` job measures every active block order's target (a control and each
/// provider resolver, with their verdicts) and stores the measurements, as `kaiguul verify-blocks`
/// does by hand.
enum VerifyBlocksJob {
    static let kind = "verify_blocks"

    static func interval(_ env: [String: String] = ProcessInfo.processInfo.environment) -> TimeInterval? {
        let hours = env["KAIGUUL_VERIFY_BLOCKS_HOURS"].flatMap(Double.init) ?? 6
        return hours > 0 ? hours * 3600 : nil
    }

    static func run(_ job: ClaimedJob, app: Application) async throws {
        let outcomes = try await BlockVerifier.run(app: app, settings: .fromEnvironment(), actor: .system)
        app.logger.info("verify_blocks: \(outcomes.count) block orders checked")
    }

    /// Queues the next verification when the last one finished longer than the interval ago.
    /// The dedupe key keeps it to one queued or running at a time, across schedulers.
    @discardableResult
    static func scheduleIfDue(app: Application, now: Date = Date()) async throws -> Bool {
        guard let interval = interval(), let sql = app.db as? any SQLDatabase else { return false }
        struct Last: Decodable { var finished_at: Date? }
        let last = try await sql.raw("""
            SELECT MAX(finished_at) AS finished_at FROM jobs WHERE kind = \(bind: kind) AND status = 'done'
            """).first(decoding: Last.self)?.finished_at
        if let last, now.timeIntervalSince(last) < interval { return false }
        return try await app.write { db in
            try await JobQueue.enqueue(kind: kind, payload: "{}", dedupeKey: "verify_blocks", runAt: now, on: db) != nil
        }
    }
}
