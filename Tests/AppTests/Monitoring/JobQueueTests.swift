import Fluent
import Foundation
import SQLKit
import Synchronization
import Testing
import Vapor

@testable import App

@Suite struct JobQueueTests {
    /// Records every run of every job and notices when one job runs twice at the same time.
    final class RunLog: Sendable {
        private let state = Mutex<(runs: [Int: Int], active: Set<Int>, overlaps: Int)>(([:], [], 0))

        func start(_ id: Int) {
            state.withLock {
                $0.runs[id, default: 0] += 1
                if !$0.active.insert(id).inserted { $0.overlaps += 1 }
            }
        }

        func end(_ id: Int) { _ = state.withLock { $0.active.remove(id) } }
        var runs: [Int: Int] { state.withLock { $0.runs } }
        var overlaps: Int { state.withLock { $0.overlaps } }
    }

    @Test func concurrentWorkersRunEveryJobExactlyOnce() async throws {
        try await withApp { app in
            // setup
            var ids: [Int] = []
            for n in 0..<60 {
                let id = try await app.write { db in
                    try await JobQueue.enqueue(kind: "test", payload: "\(n)", dedupeKey: nil, on: db)
                }
                ids.append(try #require(id))
            }
            let log = RunLog()
            let handler: JobHandler = { job, _ in
                log.start(job.id)
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...5)))
                log.end(job.id)
            }
            var settings = WorkerSettings()
            settings.lease = 30
            let first = Worker(app: app, settings: settings, handlers: ["test": handler])
            let second = Worker(app: app, settings: settings, handlers: ["test": handler])
            #expect(first.id != second.id)
            // MUT: two workers with four slots each claim from the same table at once
            async let a: Void = first.run(concurrency: 4, once: true)
            async let b: Void = second.run(concurrency: 4, once: true)
            _ = await (a, b)
            // validate
            #expect(log.overlaps == 0)
            #expect(log.runs.count == ids.count)
            #expect(log.runs.values.allSatisfy { $0 == 1 })
            let sql = try #require(app.db as? any SQLDatabase)
            let rows = try await sql.raw("SELECT status, attempts, locked_by FROM jobs").all()
            #expect(rows.count == ids.count)
            for row in rows {
                #expect(try row.decode(column: "status", as: String.self) == "done")
                #expect(try row.decode(column: "attempts", as: Int.self) == 1)
                #expect(try row.decode(column: "locked_by", as: String?.self) == nil)
            }
        }
    }

    @Test func anExpiredLeaseIsClaimedAgainAndTheOldHolderCannotFinish() async throws {
        try await withApp { app in
            let id = try await app.write { db in
                try await JobQueue.enqueue(kind: "test", payload: "x", dedupeKey: nil, on: db)
            }
            let first = try #require(try await JobQueue.claim(worker: "a", lease: 60, maxAttempts: 5, app: app))
            #expect(first.id == id && first.attempt == 1)
            #expect(try await JobQueue.claim(worker: "b", lease: 30, maxAttempts: 5, app: app) == nil)
            // The holder died: its lease runs out (set in the past rather than waited for, so a
            // loaded machine cannot make the test flaky).
            try await (app.db as! any SQLDatabase).raw("""
                UPDATE jobs SET locked_until = \(bind: Date().addingTimeInterval(-1)) WHERE id = \(bind: id)
                """).run()
            let second = try #require(try await JobQueue.claim(worker: "b", lease: 30, maxAttempts: 5, app: app))
            #expect(second.id == id && second.attempt == 2 && second.worker == "b")
            #expect(try await JobQueue.renew(first, lease: 30, app: app) == false)
            #expect(try await app.write { db in try await JobQueue.finish(first, error: nil, on: db) } == false)
            #expect(try await app.write { db in try await JobQueue.finish(second, error: "boom", on: db) } == true)
            let row = try #require(try await (app.db as! any SQLDatabase)
                .raw("SELECT status, last_error FROM jobs WHERE id = \(bind: id)").first())
            #expect(try row.decode(column: "status", as: String.self) == "failed")
            #expect(try row.decode(column: "last_error", as: String.self) == "boom")
        }
    }

    @Test func aJobThatKeepsLosingItsLeaseEndsFailed() async throws {
        try await withApp { app in
            try await app.write { db in _ = try await JobQueue.enqueue(kind: "test", payload: "x", dedupeKey: nil, on: db) }
            _ = try #require(try await JobQueue.claim(worker: "a", lease: 0.2, maxAttempts: 1, app: app))
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await JobQueue.claim(worker: "b", lease: 30, maxAttempts: 1, app: app) == nil)
            let row = try #require(try await (app.db as! any SQLDatabase).raw("SELECT status, last_error FROM jobs").first())
            #expect(try row.decode(column: "status", as: String.self) == "failed")
            #expect(try row.decode(column: "last_error", as: String.self).contains("lease expired"))
        }
    }

    @Test func theSchedulerQueuesOneCheckPerDueSource() async throws {
        try await withApp { app in
            let due = try await app.makeSource(.website, "https://one.example/")
            let paused = try await app.makeSource(.website, "https://two.example/")
            try await Source.query(on: app.db).filter(\.$id == paused).set(\.$status, to: "paused").update()
            // MUT
            #expect(try await JobQueue.scheduleDueChecks(app: app) == 1)
            #expect(try await JobQueue.scheduleDueChecks(app: app) == 0)
            // Due again while its check is still queued: still one job.
            try await Source.query(on: app.db).filter(\.$id == due).set(\.$nextCheckAt, to: Date(timeIntervalSinceNow: -5))
                .update()
            #expect(try await JobQueue.scheduleDueChecks(app: app) == 0)
            let sql = try #require(app.db as? any SQLDatabase)
            let rows = try await sql.raw("SELECT kind, payload, dedupe_key FROM jobs").all()
            #expect(rows.count == 1)
            #expect(try rows[0].decode(column: "dedupe_key", as: String.self) == "source:\(due)")
            #expect(try CheckSourcePayload.decode(rows[0].decode(column: "payload", as: String.self)).sourceID == due)
            let source = try #require(try await Source.find(due, on: app.db))
            #expect((source.nextCheckAt ?? .distantPast) > Date().addingTimeInterval(50 * 60))
        }
    }
}
