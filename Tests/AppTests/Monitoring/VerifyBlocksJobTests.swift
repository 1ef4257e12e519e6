import Fluent
import SQLKit
import Testing
import Vapor

@testable import App

@Suite("Scheduled block verification") struct VerifyBlocksJobTests {
    @Test func scheduledOncePerIntervalAndRunByTheWorker() async throws {
        try await withApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            struct N: Decodable { var n: Int }
            func jobs() async throws -> Int {
                try await sql.raw("SELECT COUNT(*) AS n FROM jobs WHERE kind = 'verify_blocks'").first(decoding: N.self)?.n ?? 0
            }
            // MUT: two schedulers' passes in a row queue one job
            #expect(try await VerifyBlocksJob.scheduleIfDue(app: app))
            #expect(try await !VerifyBlocksJob.scheduleIfDue(app: app))
            #expect(try await jobs() == 1)
            // The worker runs it (no active block orders: nothing to contact) and it ends done.
            let worker = Worker(app: app)
            #expect(try await worker.runOne())
            struct Row: Decodable { var status: String }
            let status = try await sql.raw("SELECT status FROM jobs WHERE kind = 'verify_blocks'").first(decoding: Row.self)?.status
            #expect(status == "done")
            // Just verified: not due again yet.
            #expect(try await !VerifyBlocksJob.scheduleIfDue(app: app))
            #expect(try await jobs() == 1)
        }
    }
}
