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

        var description: String {
            switch self {
            case .hashMismatch(let seq, let id): "row seq \(seq) (id \(id)): contents do not match its hash (edited)"
            case .brokenLink(let seq, let id): "row seq \(seq) (id \(id)): prev_hash does not match the row before it"
            case .missingRows(let a, let b): "rows missing between seq \(a) and seq \(b) (deleted)"
            case .headMismatch(let h, let l): "chain head says seq \(h) but the last row is seq \(l) (rows deleted at the end)"
            }
        }
    }

    struct Verification: Sendable {
        var rows: Int
        var firstProblem: Problem?
    }

    /// Recomputes the chain in order and names the first broken row. Reads in pages so that a
    /// long log does not have to fit in memory.
    static func verify(on db: any Database, pageSize: Int = 2000) async throws -> Verification {
        var previousHash = AuditChain.genesis
        var previousSeq = 0
        var count = 0
        var lastID = Int.min
        while true {
            let page = try await AuditEntry.query(on: db).filter(\.$id > lastID).sort(\.$id).limit(pageSize).all()
            if page.isEmpty { break }
            for row in page {
                guard let id = row.id else { continue }
                lastID = id
                count += 1
                if row.seq != previousSeq + 1 {
                    return Verification(rows: count, firstProblem: .missingRows(afterSeq: previousSeq, nextSeq: row.seq))
                }
                let fields = AuditChain.Fields(
                    seq: row.seq, atMilliseconds: AuditChain.milliseconds(row.at), actorID: row.actorID,
                    actorLabel: row.actorLabel, action: row.action, objectType: row.objectType,
                    objectID: row.objectID, details: row.details, prevHash: row.prevHash)
                if row.prevHash != previousHash {
                    return Verification(rows: count, firstProblem: .brokenLink(seq: row.seq, id: id))
                }
                if AuditChain.hash(fields) != row.hash {
                    return Verification(rows: count, firstProblem: .hashMismatch(seq: row.seq, id: id))
                }
                previousHash = row.hash
                previousSeq = row.seq
            }
        }
        let head = try await AuditHead.find(1, on: db)
        if let head, head.seq != previousSeq || head.hash != previousHash {
            return Verification(rows: count, firstProblem: .headMismatch(headSeq: head.seq, lastSeq: previousSeq))
        }
        return Verification(rows: count, firstProblem: nil)
    }
}
