import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// The chain head names the last row by its sequence AND its hash; a head whose hash was changed
/// while its sequence was kept is an edited head, for the full check and for the tail check that
/// guards the signing of a checkpoint. (Issue 13, point 12: the hash comparison was once dropped
/// and no test noticed.)
@Suite(.serialized) struct AuditHeadTests {
    @Test func aHeadWithTheRightSequenceAndAnotherHashIsEdited() async throws {
        try await withApp { app in
            // setup: four rows; the head is then pointed at the third row's hash, sequence kept
            try await seed(app, rows: 4)
            #expect(try await AuditLog.verify(on: app.db).firstProblem == nil)
            let head = try #require(try await AuditHead.find(1, on: app.db))
            let third = try #require(try await AuditEntry.query(on: app.db).filter(\.$seq == head.seq - 1).first())
            let sql = try #require(app.db as? any SQLDatabase)

            // MUT
            try await sql.raw("UPDATE audit_head SET hash = \(bind: third.hash) WHERE id = 1").run()

            // validate: the full check, the tail check, and no checkpoint signed over it
            let result = try await AuditLog.verify(on: app.db)
            #expect(result.firstProblem == .headEdited(seq: head.seq))
            let tail = try await AuditLog.verifyTail(on: app.db, afterSeq: 0, afterHash: AuditChain.genesis,
                                                     headSeq: head.seq, headHash: third.hash)
            #expect(tail == .headEdited(seq: head.seq))
            await #expect(throws: AuditCheckpointRefusal.self) { try await AuditCheckpoints.write(app: app) }
            #expect(try await AuditCheckpoint.query(on: app.db).count() == 0)
        }
    }

    @Test func anEditedHeadAfterACheckpointIsCaughtBeforeTheNextIsSigned() async throws {
        try await withApp { app in
            // setup: a checkpoint at seq 3, then two more rows
            try await seed(app, rows: 3)
            try await AuditCheckpoints.write(app: app)
            try await seed(app, rows: 2, from: 4)
            let head = try #require(try await AuditHead.find(1, on: app.db))
            let sql = try #require(app.db as? any SQLDatabase)

            // MUT: a made-up hash at the right sequence
            try await sql.raw("UPDATE audit_head SET hash = \(bind: String(repeating: "b", count: 64)) WHERE id = 1")
                .run()

            // validate
            await #expect(throws: AuditCheckpointRefusal.self) { try await AuditCheckpoints.write(app: app) }
            #expect(try await AuditCheckpoint.query(on: app.db).count() == 1)
            #expect(try await AuditLog.verify(on: app.db).firstProblem == .headEdited(seq: head.seq))
        }
    }

    private func seed(_ app: Application, rows: Int, from first: Int = 1) async throws {
        for seq in first..<(first + rows) {
            try await app.db.transaction { db in
                try await AuditLog.append(on: db, actor: AuditActor(id: nil, label: "analyst"), action: "case.open",
                                          objectType: "case", objectID: String(200 + seq),
                                          details: ["note": "head test \(seq)"])
            }
        }
    }
}
