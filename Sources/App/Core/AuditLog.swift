import Fluent
import Foundation
import SQLKit

/// Who did something. `id` is nil for the system itself and for the command line before login.
struct AuditActor: Sendable {
    var id: Int?
    var label: String

    static let system = AuditActor(id: nil, label: "system")
    static let commandLine = AuditActor(id: nil, label: "cli")
}

enum AuditLog {
    /// Appends one row. Call it inside the same transaction as the write it records.
    @discardableResult
    static func append(
        on db: any Database, actor: AuditActor, action: String, objectType: String, objectID: String?,
        details: [String: String] = [:]
    ) async throws -> AuditEntry {
        let head = try await lockHead(on: db)
        let at = AuditChain.roundedNow()
        let fields = AuditChain.Fields(
            seq: head.seq + 1, atMilliseconds: AuditChain.milliseconds(at), actorID: actor.id,
            actorLabel: actor.label, action: action, objectType: objectType, objectID: objectID,
            details: AuditChain.encodeDetails(details), prevHash: head.hash)
        let entry = AuditEntry()
        entry.seq = fields.seq
        entry.at = at
        entry.actorID = fields.actorID
        entry.actorLabel = fields.actorLabel
        entry.action = fields.action
        entry.objectType = fields.objectType
        entry.objectID = fields.objectID
        entry.details = fields.details
        entry.prevHash = fields.prevHash
        entry.hash = AuditChain.hash(fields)
        try await entry.create(on: db)
        head.seq = entry.seq
        head.hash = entry.hash
        try await head.update(on: db)
        return entry
    }

    private static func lockHead(on db: any Database) async throws -> AuditHead {
        if let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" {
            // Writers queue here, so two transactions can never chain onto the same row.
            try await sql.raw("SELECT id FROM audit_head WHERE id = 1 FOR UPDATE").run()
        }
        if let head = try await AuditHead.find(1, on: db) { return head }
        let head = AuditHead(id: 1, seq: 0, hash: AuditChain.genesis)
        try await head.create(on: db)
        return head
    }

    enum Problem: Equatable, Sendable, CustomStringConvertible {
        case hashMismatch(seq: Int, id: Int)
        case brokenLink(seq: Int, id: Int)
        case missingRows(afterSeq: Int, nextSeq: Int)
        case headMismatch(headSeq: Int, lastSeq: Int)
        case headEdited(seq: Int)
        case headMissing(lastSeq: Int)
        case anchorChanged(seq: Int)

        var description: String {
            switch self {
            case .hashMismatch(let seq, let id): "row seq \(seq) (id \(id)): contents do not match its hash (edited)"
            case .brokenLink(let seq, let id): "row seq \(seq) (id \(id)): prev_hash does not match the row before it"
            case .missingRows(let a, let b): "rows missing between seq \(a) and seq \(b) (deleted)"
            case .headMismatch(let h, let l):
                "chain head says seq \(h) but the last row is seq \(l) (rows deleted at the end)"
            case .headEdited(let seq): "chain head at seq \(seq) holds a hash that is not the last row's (head edited)"
            case .headMissing(let l): "chain head row is missing (deleted); the last row is seq \(l)"
            case .anchorChanged(let seq): "row seq \(seq) no longer has the hash the last checkpoint signed (rewritten)"
            }
        }
    }

    struct Verification: Sendable {
        var rows: Int
        var firstProblem: Problem?
        /// The last row whose link and hash checked out (0 and the genesis hash for none).
        var lastSeq: Int = 0
        var lastHash: String = AuditChain.genesis
        /// The chain's hash at each seq the caller asked about, for rows that checked out.
        var hashes: [Int: String] = [:]
    }

    /// Recomputes the chain in order and names the first broken row, then checks the head row.
    /// Reads in pages so that a long log does not have to fit in memory. `noting` names seqs whose
    /// hashes the caller wants back (checkpoints to compare with).
    static func verify(on db: any Database, pageSize: Int = 2000, noting: Set<Int> = []) async throws -> Verification {
        var result = try await walk(
            on: db, afterSeq: 0, previousHash: AuditChain.genesis, throughSeq: nil,
            pageSize: pageSize, noting: noting)
        if result.firstProblem != nil { return result }
        guard let head = try await AuditHead.find(1, on: db) else {
            result.firstProblem = .headMissing(lastSeq: result.lastSeq)
            return result
        }
        if head.seq != result.lastSeq {
            result.firstProblem = .headMismatch(headSeq: head.seq, lastSeq: result.lastSeq)
        } else if head.hash != result.lastHash {
            result.firstProblem = .headEdited(seq: head.seq)
        }
        return result
    }

    /// Checks only the rows after a checkpoint, up to a head read a moment ago: before a new
    /// checkpoint is signed, so that a signature never vouches for a chain already broken.
    static func verifyTail(
        on db: any Database, afterSeq: Int, afterHash: String, headSeq: Int, headHash: String, pageSize: Int = 2000
    ) async throws -> Problem? {
        if afterSeq > 0 {
            let anchor = try await AuditEntry.query(on: db).filter(\.$seq == afterSeq).first()
            guard let anchor, anchor.hash == afterHash else { return .anchorChanged(seq: afterSeq) }
        }
        let result = try await walk(
            on: db, afterSeq: afterSeq, previousHash: afterHash, throughSeq: headSeq,
            pageSize: pageSize, noting: [])
        if let problem = result.firstProblem { return problem }
        if result.lastSeq != headSeq { return .headMismatch(headSeq: headSeq, lastSeq: result.lastSeq) }
        if result.lastHash != headHash { return .headEdited(seq: headSeq) }
        return nil
    }

    private static func walk(
        on db: any Database, afterSeq: Int, previousHash startHash: String, throughSeq: Int?, pageSize: Int,
        noting: Set<Int>
    ) async throws -> Verification {
        var result = Verification(rows: 0, firstProblem: nil, lastSeq: afterSeq, lastHash: startHash)
        while true {
            var query = AuditEntry.query(on: db).filter(\.$seq > result.lastSeq)
            if let throughSeq { query = query.filter(\.$seq <= throughSeq) }
            let page = try await query.sort(\.$seq).limit(pageSize).all()
            if page.isEmpty { break }
            for row in page {
                guard let id = row.id else { continue }
                result.rows += 1
                if row.seq != result.lastSeq + 1 {
                    result.firstProblem = .missingRows(afterSeq: result.lastSeq, nextSeq: row.seq)
                    return result
                }
                let fields = AuditChain.Fields(
                    seq: row.seq, atMilliseconds: AuditChain.milliseconds(row.at), actorID: row.actorID,
                    actorLabel: row.actorLabel, action: row.action, objectType: row.objectType,
                    objectID: row.objectID, details: row.details, prevHash: row.prevHash)
                if row.prevHash != result.lastHash {
                    result.firstProblem = .brokenLink(seq: row.seq, id: id)
                    return result
                }
                if AuditChain.hash(fields) != row.hash {
                    result.firstProblem = .hashMismatch(seq: row.seq, id: id)
                    return result
                }
                result.lastHash = row.hash
                result.lastSeq = row.seq
                if noting.contains(row.seq) { result.hashes[row.seq] = row.hash }
            }
        }
        return result
    }
}
