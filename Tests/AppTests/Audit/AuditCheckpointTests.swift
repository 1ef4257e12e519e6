import ConsoleKit
import Crypto
import Fluent
import Foundation
import LoopbackHTTP
import SQLKit
import SwiftASN1
import Testing
import Vapor

@testable import App

/// The attacks of issue 12 on the audit log, made as someone with write access to the database
/// would make them (on PostgreSQL after switching the append-only triggers off, as the tables'
/// owner can), and what `kaiguul audit verify` says about each.
@Suite("Audit checkpoints") struct AuditCheckpointTests {
    // MARK: - The attacks

    @Test func recomputedChainIsCaughtByTheCheckpoint() async throws {
        try await withApp { app in
            // setup: six rows, a checkpoint, two rows more.
            try await seed(app, rows: 6)
            try await AuditCheckpoints.write(app: app)
            try await seed(app, rows: 2, from: 7)
            let sql = try attacker(app)
            try await disableGuards(sql)
            // MUT: the court decision of seq 2 is given to another actor, the one of seq 4 is
            // deleted, and the whole chain is recomputed with plain SHA-256, head included.
            try await sql.raw("UPDATE audit_log SET actor_label = 'analyst' WHERE seq = 2").run()
            try await sql.raw("DELETE FROM audit_log WHERE seq = 4").run()
            try await recomputeChain(sql)
            // validate: the chain alone is fooled (the hole the issue found) …
            #expect(try await AuditLog.verify(on: app.db).firstProblem == nil)
            // … the checkpoint is not: the chain at seq 6 no longer hashes to what was signed.
            let report = try await AuditVerifier.verify(app: app)
            #expect(report.findings.map(\.kind) == [.rewritten])
            guard case .rewritten(_, let seq, _, _, _)? = report.findings.first else { return }
            #expect(seq == 6)
            // The command says so and exits non-zero.
            let run = await runAudit(app, ["verify"])
            #expect(run.failure?.contains("rewritten") == true)
            #expect(run.output.contains("checkpoint mismatch: the chain at seq 6"))
        }
    }

    @Test func theAuditPageRunsTheSameCheckAsTheCommand() async throws {
        try await withApp { app in
            // setup: six rows and a checkpoint; an auditor on the audit page.
            try await seed(app, rows: 6)
            try await AuditCheckpoints.write(app: app)
            try await app.makeUser("aida", role: .auditor)
            let browser = Browser(app)
            try await browser.login("aida", language: "en")
            let intact = try await browser.post("/audit/verify", [])
            #expect(intact.status == .ok)
            #expect(intact.body.contains("Signed checkpoints that match: 1"))
            // MUT: the chain is rewritten and recomputed, which the chain alone cannot see.
            let sql = try attacker(app)
            try await disableGuards(sql)
            try await sql.raw("UPDATE audit_log SET actor_label = 'analyst' WHERE seq = 2").run()
            try await recomputeChain(sql)
            let page = try await browser.post("/audit/verify", [])
            // validate
            #expect(page.body.contains("The audit log does not verify"))
            #expect(page.body.contains("checkpoint mismatch"))
            #expect(!page.body.contains("Signed checkpoints that match"))
        }
    }

    @Test func deletingEverythingIsCaughtByTheDatabaseAndByTheFile() async throws {
        try await withApp { app in
            // setup
            try await seed(app, rows: 5)
            try await AuditCheckpoints.write(app: app)
            let sql = try attacker(app)
            try await disableGuards(sql)
            // MUT
            try await sql.raw("DELETE FROM audit_log").run()
            try await sql.raw("DELETE FROM audit_head").run()
            // validate
            var report = try await AuditVerifier.verify(app: app)
            #expect(Set(report.findings.map(\.kind)) == [.chain, .emptied])
            #expect(report.findings.contains(.chain(.headMissing(lastSeq: 0))))
            #expect(report.findings.contains(.emptied(checkpoints: 1, newestSeq: 5)))
            // MUT: the checkpoints table goes too; the file outside the database remains.
            try await sql.raw("DELETE FROM audit_checkpoints").run()
            report = try await AuditVerifier.verify(app: app)
            #expect(Set(report.findings.map(\.kind)) == [.chain, .emptied, .missingFromDatabase])
            // MUT: the file is emptied as well (it is only ever appended to, so that is tampering).
            try Data().write(to: AuditCheckpoints.localFile(app).url)
            report = try await AuditVerifier.verify(app: app)
            #expect(report.findings.contains(.fileEmptied(path: AuditCheckpoints.localFile(app).url.path)))
            let run = await runAudit(app, ["verify"])
            #expect(run.failure != nil)
        }
    }

    @Test func deletingTheLastRowsAndFixingTheHeadIsTruncation() async throws {
        try await withApp { app in
            // setup
            try await seed(app, rows: 6)
            try await AuditCheckpoints.write(app: app)
            let sql = try attacker(app)
            try await disableGuards(sql)
            // MUT: rows 5 and 6 go, and the head is moved back to row 4.
            try await sql.raw("DELETE FROM audit_log WHERE seq > 4").run()
            let four = try #require(try await AuditEntry.query(on: app.db).filter(\.$seq == 4).first())
            try await sql.raw("UPDATE audit_head SET seq = 4, hash = \(bind: four.hash) WHERE id = 1").run()
            // validate: the chain alone is fooled; the checkpoint names the truncation.
            #expect(try await AuditLog.verify(on: app.db).firstProblem == nil)
            let report = try await AuditVerifier.verify(app: app)
            #expect(report.findings.map(\.kind) == [.truncated])
            guard case .truncated(_, let seq, _, let lastSeq)? = report.findings.first else { return }
            #expect(seq == 6 && lastSeq == 4)
            let run = await runAudit(app, ["verify"])
            #expect(run.failure?.contains("truncated") == true)
        }
    }

    @Test func droppingTheCheckpointsTableLeavesTheFile() async throws {
        try await withApp { app in
            // setup
            try await seed(app, rows: 6)
            try await AuditCheckpoints.write(app: app)
            let sql = try attacker(app)
            try await disableGuards(sql)
            // MUT: the last rows go, the head is fixed, and the checkpoints table is dropped.
            try await sql.raw("DELETE FROM audit_log WHERE seq > 4").run()
            let four = try #require(try await AuditEntry.query(on: app.db).filter(\.$seq == 4).first())
            try await sql.raw("UPDATE audit_head SET seq = 4, hash = \(bind: four.hash) WHERE id = 1").run()
            try await sql.raw("DROP TABLE audit_checkpoints").run()
            // validate: the table is named as unreadable, the file's checkpoint names the truncation.
            let report = try await AuditVerifier.verify(app: app)
            #expect(report.findings.map(\.kind) == [.unreadable, .truncated])
            #expect(await runAudit(app, ["verify"]).failure?.contains("truncated") == true)
        }
    }

    @Test func deletedOrEditedHeadIsNamed() async throws {
        try await withApp { app in
            // setup
            try await seed(app, rows: 4)
            try await AuditCheckpoints.write(app: app)
            let sql = try attacker(app)
            // MUT: the head row is deleted.
            try await sql.raw("DELETE FROM audit_head").run()
            // validate
            var report = try await AuditVerifier.verify(app: app)
            #expect(report.findings == [.chain(.headMissing(lastSeq: 4))])
            #expect(await runAudit(app, ["verify"]).failure != nil)
            // MUT: a head with the right seq and a made-up hash.
            try await sql.raw(
                "INSERT INTO audit_head (id, seq, hash) VALUES (1, 4, \(bind: String(repeating: "a", count: 64)))"
            )
            .run()
            report = try await AuditVerifier.verify(app: app)
            #expect(report.findings == [.chain(.headEdited(seq: 4))])
        }
    }

    @Test func untouchedLogVerifiesAgainstItsCheckpoints() async throws {
        try await withApp { app in
            // setup: two checkpoints, the first one made by the command.
            try await seed(app, rows: 3)
            let first = await runAudit(app, ["checkpoint"])
            #expect(first.failure == nil)
            let printed = try AuditCheckpointRecord.parse(line: Data(first.output.utf8))
            #expect(printed.seq == 3 && printed.rows == 3)
            try await seed(app, rows: 2, from: 4)
            try await AuditCheckpoints.write(app: app)
            // MUT
            let report = try await AuditVerifier.verify(app: app)
            // validate
            #expect(report.findings.isEmpty)
            #expect(report.notes.isEmpty)
            #expect(report.rowCount == 5)
            #expect(report.checkpointsChecked == 2)
            #expect(report.newest?.seq == 5)
            let run = await runAudit(app, ["verify"])
            #expect(run.failure == nil)
            #expect(run.output.contains("Audit log intact: 5 rows"))
            // Each checkpoint is in the table and is one line of the local file.
            #expect(try await AuditCheckpoint.query(on: app.db).count() == 2)
            let lines = try AuditCheckpoints.localFile(app).read()
            #expect(lines.count == 2)
            #expect(try lines.map { try $0.result.get() } == (try await AuditCheckpoints.all(on: app.db).map(\.record)))
        }
    }

    @Test func appendOnlyTriggersRefuseUpdateAndDeleteOnPostgreSQL() async throws {
        try await withApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            guard sql.dialect.name == "postgresql" else { return }
            // setup
            try await seed(app, rows: 3)
            try await AuditCheckpoints.write(app: app)
            // MUT + validate: every rewrite of either table is refused …
            for statement in [
                "UPDATE audit_log SET actor_label = 'analyst' WHERE seq = 2", "DELETE FROM audit_log WHERE seq = 3",
                "TRUNCATE audit_log", "UPDATE audit_checkpoints SET row_count = 1", "DELETE FROM audit_checkpoints",
                "TRUNCATE audit_checkpoints",
            ] {
                await #expect(throws: (any Error).self, "\(statement)") {
                    try await sql.raw(SQLQueryString(statement)).run()
                }
            }
            #expect(try await AuditEntry.query(on: app.db).count() == 3)
            #expect(try await AuditCheckpoint.query(on: app.db).count() == 1)
            // … while appending, which moves the head, still works.
            try await seed(app, rows: 1, from: 4)
            #expect(try await AuditVerifier.verify(app: app).findings.isEmpty)
        }
    }

    @Test func exportedCopyCatchesARewriteOfTheLocalCheckpoints() async throws {
        try await withApp { app in
            // setup: a checkpoint, exported to a prosecutor's copy outside the instance.
            try await seed(app, rows: 6)
            try await AuditCheckpoints.write(app: app)
            let export = await runAudit(app, ["export-checkpoints"])
            #expect(export.failure == nil)
            let copy = FileManager.default.temporaryDirectory.appendingPathComponent(
                "kaiguul-held-\(UUID().uuidString).jsonl")
            defer { try? FileManager.default.removeItem(at: copy) }
            try Data((export.output).utf8).write(to: copy)
            #expect(await runAudit(app, ["verify", "--against", copy.path]).failure == nil)

            // MUT: the attacker rewrites row 2 and recomputes the chain, then replaces the
            // instance's audit key with their own, empties the checkpoints table and the local
            // file, and signs a fresh checkpoint of the rewritten chain.
            let sql = try attacker(app)
            try await disableGuards(sql)
            try await sql.raw("UPDATE audit_log SET actor_label = 'analyst' WHERE seq = 2").run()
            try await recomputeChain(sql)
            var keys = app.signingKeys
            keys.audit = Curve25519.Signing.PrivateKey()
            app.signingKeys = keys
            try await sql.raw("DELETE FROM audit_checkpoints").run()
            try FileManager.default.removeItem(at: AuditCheckpoints.localFile(app).url)
            try await AuditCheckpoints.write(app: app)

            // validate: everything the instance holds agrees with itself …
            #expect(try await AuditVerifier.verify(app: app).findings.isEmpty)
            // … the copy held elsewhere does not.
            let report = try await AuditVerifier.verify(app: app, against: copy)
            #expect(report.findings.map(\.kind) == [.unsigned])
            let run = await runAudit(app, ["verify", "--against", copy.path])
            #expect(run.failure?.contains("unsigned") == true)
            #expect(run.output.contains("not one of this instance's audit keys"))
        }
    }

    @Test func exportedCopyNamesTheRewriteWhenTheKeyIsKept() async throws {
        try await withApp { app in
            // setup
            try await seed(app, rows: 6)
            try await AuditCheckpoints.write(app: app)
            let copy = FileManager.default.temporaryDirectory.appendingPathComponent(
                "kaiguul-held-\(UUID().uuidString).jsonl")
            defer { try? FileManager.default.removeItem(at: copy) }
            try Data(await runAudit(app, ["export-checkpoints"]).output.utf8).write(to: copy)
            // MUT: rewrite and recompute; the attacker signs checkpoints with a key of their own
            // (they cannot read the instance's), replacing the table's rows and the local file.
            let sql = try attacker(app)
            try await disableGuards(sql)
            try await sql.raw("UPDATE audit_log SET actor_label = 'analyst' WHERE seq = 2").run()
            try await recomputeChain(sql)
            let head = try #require(try await AuditHead.find(1, on: app.db))
            let forged = try AuditCheckpointRecord.sign(
                seq: head.seq, hash: head.hash, rows: 6, at: Date(),
                with: Curve25519.Signing.PrivateKey())
            try await sql.raw("DELETE FROM audit_checkpoints").run()
            try await AuditCheckpoints.store(forged, on: app.db)
            try forged.jsonLine().write(to: AuditCheckpoints.localFile(app).url)
            // validate: the local checks see the forged signatures, the held copy the rewrite.
            let local = try await AuditVerifier.verify(app: app)
            #expect(Set(local.findings.map(\.kind)) == [.unsigned])
            let report = try await AuditVerifier.verify(app: app, against: copy)
            #expect(Set(report.findings.map(\.kind)) == [.unsigned, .rewritten])
        }
    }

    // MARK: - Writing checkpoints

    @Test func noCheckpointIsSignedOverABrokenChain() async throws {
        try await withApp { app in
            // setup
            try await seed(app, rows: 3)
            try await AuditCheckpoints.write(app: app)
            try await seed(app, rows: 2, from: 4)
            let sql = try attacker(app)
            try await disableGuards(sql)
            // MUT: a row after the checkpoint is edited, then a row before it (chain recomputed).
            try await sql.raw("UPDATE audit_log SET details = '{}' WHERE seq = 5").run()
            await #expect(throws: AuditCheckpointRefusal.self) { try await AuditCheckpoints.write(app: app) }
            try await recomputeChain(sql)
            try await sql.raw("UPDATE audit_log SET actor_label = 'legal' WHERE seq = 1").run()
            try await recomputeChain(sql)
            // validate
            await #expect(throws: AuditCheckpointRefusal.self) { try await AuditCheckpoints.write(app: app) }
            #expect(await runAudit(app, ["checkpoint"]).failure != nil)
            #expect(try await AuditCheckpoint.query(on: app.db).count() == 1)
        }
    }

    @Test func scheduleWritesEveryNEntriesOrMMinutesAndAtShutdown() async throws {
        try await withApp { app in
            // setup
            let start = Date()
            try await seed(app, rows: 3)
            // MUT + validate: fewer rows than N and less time than M: nothing.
            var written = try await AuditCheckpoints.writeIfDue(
                app: app, entries: 5, minutes: 60, since: start, now: start)
            #expect(written == nil)
            // N rows since start: one.
            try await seed(app, rows: 2, from: 4)
            written = try await AuditCheckpoints.writeIfDue(app: app, entries: 5, minutes: 60, since: start, now: start)
            #expect(written?.seq == 5)
            // Nothing new: none, however long it has been.
            written = try await AuditCheckpoints.writeIfDue(
                app: app, entries: 5, minutes: 60, since: start,
                now: start.addingTimeInterval(7200))
            #expect(written == nil)
            // One row, M minutes after the last checkpoint: one.
            try await seed(app, rows: 1, from: 6)
            let newest = try #require(try await AuditCheckpoints.all(on: app.db).last)
            let last = try #require(AuditCheckpointRecord.parseTime(newest.record.at))
            written = try await AuditCheckpoints.writeIfDue(
                app: app, entries: 5, minutes: 60, since: start,
                now: last.addingTimeInterval(59 * 60))
            #expect(written == nil)
            written = try await AuditCheckpoints.writeIfDue(
                app: app, entries: 5, minutes: 60, since: start,
                now: last.addingTimeInterval(60 * 60 + 1))
            #expect(written?.seq == 6)
            // At shutdown of a schedule that ran: one if the head moved.
            try await seed(app, rows: 1, from: 7)
            let schedule = AuditCheckpointSchedule(settings: .init(entries: 1000, minutes: 60))
            try await schedule.didBootAsync(app)
            await schedule.shutdownAsync(app)
            #expect(try await AuditCheckpoints.all(on: app.db).last?.record.seq == 7)
            #expect(try await AuditCheckpoint.query(on: app.db).count() == 3)
            #expect(try await AuditVerifier.verify(app: app).findings.isEmpty)
        }
    }

    @Test func checkpointsOfARetiredKeyStillVerify() async throws {
        try await withApp { app in
            // setup: a checkpoint, then the audit key is rotated (the old public key retired).
            try await seed(app, rows: 3)
            try await AuditCheckpoints.write(app: app)
            var keys = app.signingKeys
            var retired = keys.auditPublic
            retired.retired = "2026-12-01T00:00:00Z"
            keys.retired.append(retired)
            keys.audit = Curve25519.Signing.PrivateKey()
            app.signingKeys = keys
            // MUT: rows and a checkpoint under the new key.
            try await seed(app, rows: 2, from: 4)
            let second = try await AuditCheckpoints.write(app: app)
            // validate
            #expect(second.key == app.signingKeys.auditPublic.fingerprint && second.key != retired.fingerprint)
            let report = try await AuditVerifier.verify(app: app)
            #expect(report.findings.isEmpty)
            #expect(report.checkpointsChecked == 2)
            // Without the retired key, the old checkpoint is not vouched for.
            keys.retired = []
            app.signingKeys = keys
            #expect(try await AuditVerifier.verify(app: app).findings.map(\.kind) == [.unsigned, .unsigned])
        }
    }

    @Test func settingsComeFromTheEnvironment() {
        #expect(AuditCheckpointSchedule.Settings.from(env: [:]) == .init(entries: 1000, minutes: 60))
        let set = AuditCheckpointSchedule.Settings.from(
            env: ["KAIGUUL_AUDIT_CHECKPOINT_ENTRIES": "50", "KAIGUUL_AUDIT_CHECKPOINT_MINUTES": "5"])
        #expect(set == .init(entries: 50, minutes: 5))
        #expect(AuditCheckpointSchedule.Settings.from(env: ["KAIGUUL_AUDIT_CHECKPOINT_ENTRIES": "0"]).entries == 1)
    }

    @Test func checkpointIsTimestampedWhenAnAuthorityIsConfigured() async throws {
        let pki = try TestPKI.make()
        defer { pki.remove() }
        let tsa = try await TestTSA.start(pki: pki)
        defer { Task { await tsa.stop() } }
        try await withApp { app in
            // setup
            app.timestampAuthorities = TimestampAuthorities(
                urls: [tsa.url], trustedRootsPEM: pki.rootPEM,
                timestampMinutes: 60)
            try await seed(app, rows: 2)
            // MUT
            let record = try await AuditCheckpoints.write(app: app)
            // validate: one token, kept in the table and the file, that openssl accepts for the
            // signed statement and refuses for a changed one.
            let token = try #require(record.timestamps?.first)
            #expect(record.timestamps?.count == 1 && token.tsa == tsa.url)
            #expect(try await AuditCheckpoints.all(on: app.db).first?.record == record)
            #expect(try AuditCheckpoints.localFile(app).read().first?.result.get() == record)
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-ts-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let statement = dir.appendingPathComponent("statement.txt")
            try record.statement.write(to: statement)
            let response = try #require(Data(base64Encoded: token.response))
            #expect(TestTSA.verifyWithOpenSSL(response: response, data: statement, caFile: pki.rootFile))
            var edited = record
            edited.rows += 1
            try edited.statement.write(to: statement)
            #expect(!TestTSA.verifyWithOpenSSL(response: response, data: statement, caFile: pki.rootFile))
            #expect(try await AuditVerifier.verify(app: app).findings.isEmpty)
            // MUT: the token of another checkpoint is put in the file beside this one.
            try await seed(app, rows: 1, from: 3)
            var other = try await AuditCheckpoints.write(app: app)
            other.timestamps = record.timestamps
            try AuditCheckpoints.localFile(app).append(other)
            // validate
            let report = try await AuditVerifier.verify(app: app)
            #expect(report.findings.map(\.kind) == [.timestampInvalid])
            #expect(report.findings.first?.description.contains("imprint") == true)
        }
    }

    // MARK: - The file format

    @Test func hostileLinesAreNamedNotTrusted() async throws {
        try await withApp { app in
            // setup
            try await seed(app, rows: 2)
            let record = try await AuditCheckpoints.write(app: app)
            var edited = record
            edited.rows = 9
            let file = AuditCheckpoints.localFile(app).url
            let handle = try FileHandle(forWritingTo: file)
            try handle.seekToEnd()
            // MUT: a line that is not JSON, a line with a bad hash, a signed line edited afterwards.
            try handle.write(contentsOf: Data("not json\n".utf8))
            let badHash = #"{"format":"kaiguul-audit-checkpoint-v1","seq":1,"hash":"zz","rows":1,"at":"x","#
                + #""key":"k","signature":""}"# + "\n"
            try handle.write(contentsOf: Data(badHash.utf8))
            try handle.write(contentsOf: edited.jsonLine())
            try handle.close()
            // validate
            let report = try await AuditVerifier.verify(app: app)
            #expect(report.findings.map(\.kind) == [.unreadable, .unreadable, .unsigned])
            #expect(report.checkpointsChecked == 1)
        }
    }

    @Test func statementSignatureVerifiesWithOpenSSL() async throws {
        try await withApp { app in
            // setup
            try await seed(app, rows: 2)
            let record = try await AuditCheckpoints.write(app: app)
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-ossl-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let key = try #require(app.signingKeys.verificationKeys(for: .audit).first { $0.fingerprint == record.key })
            try PEMDocument(type: "PUBLIC KEY", derBytes: [UInt8](try #require(Data(base64Encoded: key.publicKey))))
                .pemString.write(to: dir.appendingPathComponent("key.pem"), atomically: true, encoding: .utf8)
            try record.statement.write(to: dir.appendingPathComponent("statement.txt"))
            try #require(Data(base64Encoded: record.signature)).write(to: dir.appendingPathComponent("sig"))
            var tampered = record.statement
            tampered[tampered.count - 2] ^= 1
            try tampered.write(to: dir.appendingPathComponent("tampered.txt"))
            // MUT + validate: openssl accepts the statement as signed and rejects a changed one.
            func opensslVerifies(_ name: String) throws -> Bool {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                p.arguments = [
                    "openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "key.pem", "-rawin",
                    "-in", name, "-sigfile", "sig",
                ]
                p.currentDirectoryURL = dir
                p.standardOutput = FileHandle.nullDevice
                p.standardError = FileHandle.nullDevice
                try p.run()
                p.waitUntilExit()
                return p.terminationStatus == 0
            }
            #expect(try opensslVerifies("statement.txt"))
            #expect(try !opensslVerifies("tampered.txt"))
        }
    }

    // MARK: - Helpers

    /// Appends audit rows as the application would: a case opened, court decisions recorded
    /// (even seqs, by `legal`), a block order issued.
    private func seed(_ app: Application, rows: Int, from first: Int = 1) async throws {
        for seq in first..<(first + rows) {
            try await app.db.transaction { db in
                let legal = seq % 2 == 0
                try await AuditLog.append(
                    on: db, actor: AuditActor(id: nil, label: legal ? "legal" : "analyst"),
                    action: legal ? "case.record_court_decision" : "case.open", objectType: "case",
                    objectID: String(100 + seq), details: ["decision": "ДЕМО-\(seq)"])
            }
        }
    }

    private func attacker(_ app: Application) throws -> any SQLDatabase {
        guard let sql = app.db as? any SQLDatabase else { throw TestFailure("not an SQL database") }
        return sql
    }

    /// What the tables' owner (or a superuser) does first on PostgreSQL.
    private func disableGuards(_ sql: any SQLDatabase) async throws {
        guard sql.dialect.name == "postgresql" else { return }
        try await sql.raw("ALTER TABLE audit_log DISABLE TRIGGER ALL").run()
        try await sql.raw("ALTER TABLE audit_checkpoints DISABLE TRIGGER ALL").run()
    }

    /// Renumbers the rows 1…n and recomputes every hash and the head, with the public recipe.
    private func recomputeChain(_ sql: any SQLDatabase) async throws {
        struct Row: Decodable {
            var id: Int, seq: Int, at: Date, actor_id: Int?, actor_label: String, action: String
            var object_type: String, object_id: String?, details: String
        }
        let rows = try await sql.raw(
            """
            SELECT id, seq, at, actor_id, actor_label, action, object_type, object_id, details
            FROM audit_log ORDER BY seq
            """
        ).all(decoding: Row.self)
        var previous = AuditChain.genesis
        for (index, row) in rows.enumerated() {
            let fields = AuditChain.Fields(
                seq: index + 1, atMilliseconds: AuditChain.milliseconds(row.at), actorID: row.actor_id,
                actorLabel: row.actor_label, action: row.action, objectType: row.object_type, objectID: row.object_id,
                details: row.details, prevHash: previous)
            let hash = AuditChain.hash(fields)
            try await sql.raw(
                """
                UPDATE audit_log SET seq = \(bind: index + 1), prev_hash = \(bind: previous), hash = \(bind: hash) \
                WHERE id = \(bind: row.id)
                """
            ).run()
            previous = hash
        }
        try await sql.raw("UPDATE audit_head SET seq = \(bind: rows.count), hash = \(bind: previous) WHERE id = 1")
            .run()
    }

    /// Runs `kaiguul audit …` as the command line would, capturing what it prints.
    private func runAudit(_ app: Application, _ arguments: [String]) async -> (output: String, failure: String?) {
        let console = CapturingConsole()
        var context = CommandContext(console: console, input: CommandInput(arguments: ["kaiguul"] + arguments))
        context.application = app
        do {
            try await AuditCommand().run(using: &context)
            return (console.text, nil)
        } catch {
            return (console.text, String(describing: error))
        }
    }
}

/// A console that keeps what a command prints (standard output and standard error together).
final class CapturingConsole: Console, @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = ""
    var userInfo: [AnySendableHashable: any Sendable] = [:]
    var size: (width: Int, height: Int) { (200, 50) }

    var text: String { lock.withLock { buffer } }

    func input(isSecure: Bool) -> String { "" }
    func output(_ text: ConsoleText, newLine: Bool) { append(text.description + (newLine ? "\n" : "")) }
    func clear(_ type: ConsoleClear) {}
    func report(error: String, newLine: Bool) { append(error + (newLine ? "\n" : "")) }

    private func append(_ s: String) { lock.withLock { buffer += s } }
}
