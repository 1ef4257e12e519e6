import Fluent
import Foundation

/// The auditor's lists: the newest rows of the audit log, and whether the chain holds.
enum AuditorWorklists {
    static func logHead(seen: Visibility, on db: any Database) async throws -> Worklist? {
        guard seen.seesAll(.auditLog) else { return nil }
        let total = try await AuditEntry.query(on: db).count()
        let rows = try await AuditEntry.query(on: db).sort(\.$seq, .descending).limit(Worklist.head).all()
        let entries = rows.map { row in
            var facts: [WorklistEntry.Fact] = [.phrase("home.fact.audit_seq", ["seq": String(row.seq)]),
                                               .action(row.action)]
            if let object = row.objectID { facts.append(.object(row.objectType, object)) }
            facts.append(.since(row.at))
            // The process's own actors have no account; their names are said in the reader's language.
            let machine = row.actorID == nil && machineActors.contains(row.actorLabel)
            return WorklistEntry(title: row.actorLabel, href: "/audit", facts: facts,
                                 titleKey: machine ? "home.actor.\(row.actorLabel)" : nil)
        }
        return Worklist(name: "audit-log", entries: entries, total: total, more: "/audit")
    }

    /// Labels the application writes for work no person did (`AuditActor.system`, `.commandLine`, the demo).
    static let machineActors: Set<String> = ["system", "cli", "demo"]

    /// The chain's state as one entry: the rows after the newest signed checkpoint are re-hashed up to
    /// the head (the checkpoint's own signature and every older row are the full check's work, one
    /// button away on the audit page), so the home page stays fast on a long log.
    static func chainStatus(seen: Visibility, on db: any Database) async throws -> Worklist? {
        guard seen.seesAll(.auditLog) else { return nil }
        let checkpoint = try await AuditCheckpoint.query(on: db).sort(\.$seq, .descending).first()
        let head = try await AuditHead.find(1, on: db)
        var facts: [WorklistEntry.Fact] = []
        let problem: AuditLog.Problem?
        if let head {
            if let checkpoint {
                problem = try await AuditLog.verifyTail(
                    on: db, afterSeq: checkpoint.seq, afterHash: checkpoint.headHash, headSeq: head.seq,
                    headHash: head.hash)
                facts.append(.phrase("home.fact.chain_from_checkpoint",
                                     ["seq": String(checkpoint.seq), "time": Formats.dateTime(checkpoint.createdAt)]))
            } else {
                problem = try await AuditLog.verify(on: db).firstProblem
                facts.append(.phrase("home.fact.chain_no_checkpoint", [:]))
            }
            facts.insert(.phrase("home.fact.chain_head", ["seq": String(head.seq)]), at: 0)
        } else {
            let rows = try await AuditEntry.query(on: db).count()
            problem = rows == 0 ? nil : .headMissing(lastSeq: rows)
        }
        // The problem's own wording is the command line's (English); the page says broken and links the full check.
        let entry = WorklistEntry(title: "", href: "/audit", facts: facts,
                                  titleKey: problem == nil ? "home.chain.intact" : "home.chain.broken")
        return Worklist(name: "audit-chain", entries: [entry], total: 1, more: "/audit")
    }
}
