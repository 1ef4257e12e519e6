import Fluent
import SQLKit
import Testing
import Vapor

@testable import App

@Suite("Audit log") struct AuditLogTests {
    /// Three audited writes, then the chain checks out. (Roles an admin approves alone: an expert or
    /// legal account writes more rows, its approval's.)
    private func seed(_ app: Application) async throws {
        try await app.makeUser("alice", role: .analyst)
        try await app.makeUser("bob", role: .coordinator)
        try await app.makeUser("carol", role: .auditor)
    }

    /// On PostgreSQL the table refuses UPDATE and DELETE; its owner can switch that off, as an
    /// attacker with the database's credentials would.
    private func switchOffAppendOnlyTriggers(_ sql: any SQLDatabase) async throws {
        guard sql.dialect.name == "postgresql" else { return }
        try await sql.raw("ALTER TABLE audit_log DISABLE TRIGGER ALL").run()
    }

    @Test func intactChainVerifies() async throws {
        try await withApp { app in
            try await seed(app)
            let result = try await AuditLog.verify(on: app.db)
            #expect(result.firstProblem == nil)
            #expect(result.rows == 3)
            let rows = try await AuditEntry.query(on: app.db).sort(\.$seq).all()
            #expect(rows.map(\.seq) == [1, 2, 3])
            #expect(rows[0].prevHash == AuditChain.genesis)
            #expect(rows[1].prevHash == rows[0].hash)
            #expect(rows[2].prevHash == rows[1].hash)
        }
    }

    @Test func editedRowIsNamed() async throws {
        try await withApp { app in
            try await seed(app)
            let sql = try #require(app.db as? any SQLDatabase)
            try await switchOffAppendOnlyTriggers(sql)
            // MUT: someone edits the details of row 2 behind the application's back.
            try await sql.raw("UPDATE audit_log SET details = '{\"role\":\"admin\"}' WHERE seq = 2").run()
            let result = try await AuditLog.verify(on: app.db)
            guard case .hashMismatch(let seq, _) = result.firstProblem else {
                Issue.record("expected a hash mismatch, got \(String(describing: result.firstProblem))")
                return
            }
            #expect(seq == 2)
        }
    }

    @Test func editedActorIsNamedEvenWithRecomputedHash() async throws {
        try await withApp { app in
            try await seed(app)
            let sql = try #require(app.db as? any SQLDatabase)
            try await switchOffAppendOnlyTriggers(sql)
            // An editor who also recomputes the row's own hash still breaks the next row's link.
            let row = try #require(try await AuditEntry.query(on: app.db).filter(\.$seq == 1).first())
            var fields = AuditChain.Fields(seq: 1, atMilliseconds: AuditChain.milliseconds(row.at), actorID: row.actorID,
                                           actorLabel: "mallory", action: row.action, objectType: row.objectType,
                                           objectID: row.objectID, details: row.details, prevHash: row.prevHash)
            let forged = AuditChain.hash(fields)
            try await sql.raw("UPDATE audit_log SET actor_label = 'mallory', hash = \(bind: forged) WHERE seq = 1").run()
            let result = try await AuditLog.verify(on: app.db)
            guard case .brokenLink(let seq, _) = result.firstProblem else {
                Issue.record("expected a broken link, got \(String(describing: result.firstProblem))")
                return
            }
            #expect(seq == 2)
        }
    }

    @Test func deletedMiddleRowIsNamed() async throws {
        try await withApp { app in
            try await seed(app)
            let sql = try #require(app.db as? any SQLDatabase)
            try await switchOffAppendOnlyTriggers(sql)
            try await sql.raw("DELETE FROM audit_log WHERE seq = 2").run()
            let result = try await AuditLog.verify(on: app.db)
            #expect(result.firstProblem == .missingRows(afterSeq: 1, nextSeq: 3))
        }
    }

    @Test func deletedLastRowIsNamed() async throws {
        try await withApp { app in
            try await seed(app)
            let sql = try #require(app.db as? any SQLDatabase)
            try await switchOffAppendOnlyTriggers(sql)
            try await sql.raw("DELETE FROM audit_log WHERE seq = 3").run()
            let result = try await AuditLog.verify(on: app.db)
            #expect(result.firstProblem == .headMismatch(headSeq: 3, lastSeq: 2))
        }
    }

    @Test func failedWriteLeavesNoAuditRow() async throws {
        try await withApp { app in
            try await app.makeUser("alice", role: .analyst)
            let before = try await AuditEntry.query(on: app.db).count()
            // The same username again fails inside the transaction: no user row, no audit row.
            await #expect(throws: AppError.self) {
                try await app.makeUser("alice", role: .legal)
            }
            #expect(try await AuditEntry.query(on: app.db).count() == before)
            #expect(try await AuditLog.verify(on: app.db).firstProblem == nil)
        }
    }

    @Test func concurrentWritersKeepOneChain() async throws {
        try await withApp { app in
            // Twelve accounts created at once must still form one unbroken chain.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<12 {
                    group.addTask { try await app.makeUser("user\(i)", role: .analyst) }
                }
                try await group.waitForAll()
            }
            let result = try await AuditLog.verify(on: app.db)
            #expect(result.firstProblem == nil)
            #expect(result.rows == 12)
        }
    }
}
