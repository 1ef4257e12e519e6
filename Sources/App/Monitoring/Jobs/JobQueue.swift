import Fluent
import Foundation
import SQLKit
import Vapor

/// A job a worker holds under a lease.
struct ClaimedJob: Sendable {
    var id: Int
    var kind: String
    var payload: String
    /// 1 for the first run; a job taken up again after an expired lease has 2, and so on.
    var attempt: Int
    var worker: String
}

/// The jobs table as a queue. A worker claims one due job with a lease in a single statement;
/// a job whose worker died is claimed again once its lease has expired, so nothing is lost.
///
/// PostgreSQL: `FOR UPDATE SKIP LOCKED` lets many workers claim at once without waiting on each
/// other or ever taking the same row. SQLite: the same `UPDATE … WHERE id = (SELECT …) RETURNING`
/// is one statement, and the process's WriteGate (plus SQLite's single writer) serialises it.
enum JobQueue {
    enum Kind {
        static let checkSource = "check_source"
    }

    enum Status {
        static let queued = "queued", running = "running", done = "done", failed = "failed"
    }

    private static func sql(_ db: any Database) throws -> any SQLDatabase {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "jobs need SQL") }
        return sql
    }

    private static func isPostgres(_ db: any SQLDatabase) -> Bool { db.dialect.name == "postgresql" }

    /// Queues a job; with a `dedupeKey`, not if one with the same kind and key is queued or running.
    /// Returns the new job's id, or nil when it was already there.
    @discardableResult
    static func enqueue(kind: String, payload: String, dedupeKey: String?, runAt: Date = Date(),
                        on db: any Database) async throws -> Int? {
        let sql = try sql(db)
        let rows = try await sql.raw("""
            INSERT INTO jobs (kind, payload, run_at, status, attempts, dedupe_key, created_at)
            VALUES (\(bind: kind), \(bind: payload), \(bind: runAt), 'queued', 0, \(bind: dedupeKey), \(bind: Date()))
            ON CONFLICT DO NOTHING RETURNING id
            """).all()
        return try rows.first?.decode(column: "id", as: Int.self)
    }

    /// Which kinds a slot may claim: a crawl slot every kind but the slow ones, a slow kind's slot
    /// only its own, so an hour of tesseract never sits where a source check should run.
    enum KindFilter: Sendable, Equatable {
        case any
        case except([String])
        case only([String])

        var isOnly: Bool {
            if case .only = self { return true }
            return false
        }

        var sql: SQLQueryString {
            switch self {
            case .any: ""
            case .except(let kinds) where kinds.isEmpty: ""
            case .except(let kinds): " AND kind NOT IN (\(binds: kinds))"
            case .only(let kinds): " AND kind IN (\(binds: kinds.isEmpty ? [""] : kinds))"
            }
        }
    }

    /// Claims the oldest due job (or one whose lease expired) for `worker` until now + `lease`, or
    /// the claimed kind's own lease from `leases`.
    static func claim(worker: String, lease: TimeInterval, maxAttempts: Int, kinds: KindFilter = .any,
                      leases: [String: TimeInterval] = [:], app: Application) async throws -> ClaimedJob?
    {
        try await app.write { db in
            let sql = try sql(db)
            let now = Date()
            // A job that keeps killing its workers stops being retried: failed, with the reason.
            try await sql.raw("""
                UPDATE jobs SET status = 'failed', locked_by = NULL, locked_until = NULL, finished_at = \(bind: now),
                  last_error = \(bind: "lease expired \(maxAttempts) times (worker died or hung)")
                WHERE status = 'running' AND locked_until < \(bind: now) AND attempts >= \(bind: maxAttempts)
                """).run()
            let lock = isPostgres(sql) ? " FOR UPDATE SKIP LOCKED" : ""
            let until = now.addingTimeInterval(lease)
            let rows = try await sql.raw("""
                UPDATE jobs SET locked_by = \(bind: worker), locked_until = \(bind: until), status = 'running',
                  attempts = attempts + 1, started_at = \(bind: now)
                WHERE id = (SELECT id FROM jobs
                            WHERE ((status = 'queued' AND run_at <= \(bind: now))
                                   OR (status = 'running' AND locked_until < \(bind: now)))\(kinds.sql)
                            ORDER BY run_at, id LIMIT 1\(unsafeRaw: lock))
                RETURNING id, kind, payload, attempts
                """).all()
            guard let row = rows.first else { return nil }
            let job = ClaimedJob(
                id: try row.decode(column: "id", as: Int.self), kind: try row.decode(column: "kind", as: String.self),
                payload: try row.decode(column: "payload", as: String.self),
                attempt: try row.decode(column: "attempts", as: Int.self), worker: worker)
            // The kind is known only once claimed: its own lease is set in the same transaction.
            if let own = leases[job.kind], own != lease {
                try await sql.raw("""
                    UPDATE jobs SET locked_until = \(bind: now.addingTimeInterval(own)) WHERE id = \(bind: job.id)
                    """).run()
            }
            return job
        }
    }

    /// Extends the lease while the job runs. False when the lease was lost (it expired and another
    /// worker took the job): the caller must stop.
    static func renew(_ job: ClaimedJob, lease: TimeInterval, app: Application) async throws -> Bool {
        try await app.write { db in
            let rows = try await sql(db).raw("""
                UPDATE jobs SET locked_until = \(bind: Date().addingTimeInterval(lease))
                WHERE id = \(bind: job.id) AND locked_by = \(bind: job.worker) AND attempts = \(bind: job.attempt)
                  AND status = 'running'
                RETURNING id
                """).all()
            return !rows.isEmpty
        }
    }

    /// True while `job` still holds its lease. Called inside the transaction that stores a job's
    /// results: on PostgreSQL the update also locks the job row until that commit, so the lease
    /// cannot pass to another worker between this check and the results landing.
    static func holdsLease(_ job: ClaimedJob, on db: any Database) async throws -> Bool {
        let rows = try await sql(db).raw("""
            UPDATE jobs SET locked_until = locked_until
            WHERE id = \(bind: job.id) AND locked_by = \(bind: job.worker) AND attempts = \(bind: job.attempt)
              AND status = 'running'
            RETURNING id
            """).all()
        return !rows.isEmpty
    }

    /// Writes the end of a job. Only the holder of the current lease may: a worker that lost its
    /// lease learns so (false) and its late result is not recorded over the new holder's.
    @discardableResult
    static func finish(_ job: ClaimedJob, error: String?, on db: any Database) async throws -> Bool {
        let status = error == nil ? Status.done : Status.failed
        let rows = try await sql(db).raw("""
            UPDATE jobs SET status = \(bind: status), last_error = \(bind: error.map { String($0.prefix(2000)) }),
              locked_by = NULL, locked_until = NULL, finished_at = \(bind: Date())
            WHERE id = \(bind: job.id) AND locked_by = \(bind: job.worker) AND attempts = \(bind: job.attempt)
              AND status = 'running'
            RETURNING id
            """).all()
        return !rows.isEmpty
    }

    /// Queues a `check_source` job for each active source whose next check is due, and moves its
    /// next check on by its interval in the same transaction. Idempotent: a source with a check
    /// queued or running gets no second one (the partial unique index backs this on PostgreSQL,
    /// where two schedulers may run at once). Returns the number of jobs queued.
    @discardableResult
    static func scheduleDueChecks(app: Application, now: Date = Date(), limit: Int = 200) async throws -> Int {
        let due = try await sql(app.db).raw("""
            SELECT id, check_interval_minutes FROM sources
            WHERE status = 'active' AND (next_check_at IS NULL OR next_check_at <= \(bind: now))
            ORDER BY next_check_at LIMIT \(bind: limit)
            """).all()
        var queued = 0
        for row in due {
            let id = try row.decode(column: "id", as: Int.self)
            let interval = try row.decode(column: "check_interval_minutes", as: Int.self)
            let next = now.addingTimeInterval(TimeInterval(max(interval, 1) * 60))
            let added = try await app.write { db -> Bool in
                let sql = try sql(db)
                // Re-checked under the row's lock: a second scheduler finds it no longer due.
                let moved = try await sql.raw("""
                    UPDATE sources SET next_check_at = \(bind: next)
                    WHERE id = \(bind: id) AND status = 'active'
                      AND (next_check_at IS NULL OR next_check_at <= \(bind: now))
                    RETURNING id
                    """).all()
                guard !moved.isEmpty else { return false }
                let payload = CheckSourcePayload(sourceID: id).encoded
                return try await enqueue(kind: Kind.checkSource, payload: payload, dedupeKey: "source:\(id)",
                                         runAt: now, on: db) != nil
            }
            if added { queued += 1 }
        }
        return queued
    }
}

/// The payload of a `check_source` job.
struct CheckSourcePayload: Codable, Sendable {
    var sourceID: Int

    var encoded: String {
        (try? JSONEncoder().encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func decode(_ text: String) throws -> CheckSourcePayload {
        try JSONDecoder().decode(CheckSourcePayload.self, from: Data(text.utf8))
    }
}
