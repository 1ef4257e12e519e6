import Fluent
import Foundation
import SQLKit
import Vapor

/// Writes and reads signed checkpoints of the audit chain's head (`AuditCheckpointRecord`).
///
/// A checkpoint is written on demand (`kaiguul audit checkpoint`), by `serve` every N entries or
/// M minutes and at shutdown, and at the end of the demo's setup. It is stored in
/// `audit_checkpoints` first and then appended to `data/audit/checkpoints.jsonl`: a failure
/// between the two leaves a row the file lacks, which `audit verify` notes but does not hold
/// against the log, whereas the other order would leave a line that looks like a deleted row.
enum AuditCheckpoints {
    static func localFile(_ app: Application) -> AuditCheckpointFile {
        .local(dataDirectory: app.kaiguul.dataDirectory)
    }

    /// Signs the current head and stores the checkpoint. Refuses when the rows since the last
    /// valid checkpoint do not chain up to the head: a signature must never vouch for a broken log.
    @discardableResult
    static func write(app: Application, now: Date = Date()) async throws -> AuditCheckpointRecord {
        let db = app.db
        guard let head = try await AuditHead.find(1, on: db) else {
            throw AuditCheckpointRefusal("the audit chain head row is missing; run `kaiguul audit verify`")
        }
        let keys = app.signingKeys.verificationKeys(for: .audit)
        let last = try await newestValid(on: db, keys: keys)
        if let last, last.seq > head.seq {
            throw AuditCheckpointRefusal(
                "the audit chain head is at seq \(head.seq) but a signed checkpoint says \(last.seq) (truncated); "
                    + "no checkpoint signed"
            )
        }
        if let problem = try await AuditLog.verifyTail(
            on: db, afterSeq: last?.seq ?? 0, afterHash: last?.hash ?? AuditChain.genesis,
            headSeq: head.seq, headHash: head.hash)
        {
            throw AuditCheckpointRefusal("the audit log is broken, no checkpoint signed: \(problem)")
        }
        let rows = try await AuditEntry.query(on: db).filter(\.$seq <= head.seq).count()
        var record = try AuditCheckpointRecord.sign(
            seq: head.seq, hash: head.hash, rows: rows, at: now,
            with: app.signingKeys.audit)
        let tokens = await timestamps(for: record.statement, app: app)
        record.timestamps = tokens.isEmpty ? nil : tokens
        try await store(record, on: db)
        try localFile(app).append(record)
        app.logger.info("audit checkpoint at seq \(record.seq) (\(record.rows) rows), hash \(record.hash)")
        return record
    }

    /// The schedule's question: has the head moved since the newest checkpoint, by at least
    /// `entries` rows or for at least `minutes`? `since` is when the schedule started, so a log
    /// that never had a checkpoint gets its first one M minutes after start at the latest.
    @discardableResult
    static func writeIfDue(
        app: Application, entries: Int, minutes: Int, since: Date, now: Date = Date()
    ) async throws -> AuditCheckpointRecord? {
        guard let head = try await AuditHead.find(1, on: app.db) else {
            throw AuditCheckpointRefusal("the audit chain head row is missing; run `kaiguul audit verify`")
        }
        let last = try await newestValid(on: app.db, keys: app.signingKeys.verificationKeys(for: .audit))
        if let last, last.seq == head.seq, last.hash == head.hash { return nil }
        let lastSeq = last?.seq ?? 0
        let lastTime = max(last.flatMap { AuditCheckpointRecord.parseTime($0.at) } ?? since, since)
        guard head.seq - lastSeq >= entries || now.timeIntervalSince(lastTime) >= Double(minutes) * 60 else {
            return nil
        }
        return try await write(app: app, now: now)
    }

    /// Writes one when the head moved since the newest checkpoint (at shutdown).
    @discardableResult
    static func writeIfMoved(app: Application, now: Date = Date()) async throws -> AuditCheckpointRecord? {
        try await writeIfDue(app: app, entries: 1, minutes: .max / 120, since: now, now: now)
    }

    // MARK: - Database

    static func store(_ record: AuditCheckpointRecord, on db: any Database) async throws {
        let row = AuditCheckpoint()
        row.seq = record.seq
        row.headHash = record.hash
        row.rowCount = record.rows
        row.createdAt = AuditCheckpointRecord.parseTime(record.at) ?? Date()
        row.keyFingerprint = record.key
        row.signature = record.signature
        row.timestamps = try record.timestamps.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        try await row.create(on: db)
    }

    static func record(_ row: AuditCheckpoint) -> AuditCheckpointRecord {
        AuditCheckpointRecord(
            format: AuditCheckpointRecord.formatName, seq: row.seq, hash: row.headHash, rows: row.rowCount,
            at: AuditCheckpointRecord.formatTime(row.createdAt), key: row.keyFingerprint, signature: row.signature,
            timestamps: row.timestamps.flatMap {
                try? JSONDecoder().decode([AuditCheckpointTimestamp].self, from: Data($0.utf8))
            })
    }

    /// Every stored checkpoint with its row id, oldest first.
    static func all(on db: any Database) async throws -> [(id: Int, record: AuditCheckpointRecord)] {
        try await AuditCheckpoint.query(on: db).sort(\.$id).all().map { ($0.id ?? 0, record($0)) }
    }

    /// The newest stored checkpoint whose signature holds (a forged row must not excuse the rows
    /// after it from being checked).
    static func newestValid(on db: any Database, keys: [PublishedKey]) async throws -> AuditCheckpointRecord? {
        for row in try await AuditCheckpoint.query(on: db).sort(\.$seq, .descending).sort(\.$id, .descending).limit(50)
            .all()
        {
            let candidate = record(row)
            if (try? candidate.validate()) != nil, candidate.checkSignature(keys: keys) == .valid { return candidate }
        }
        return nil
    }
}

struct AuditCheckpointRefusal: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
