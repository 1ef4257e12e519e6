import Exchange
import Fluent
import Foundation
import SQLKit

/// Issues and lifts block orders, always inside a case transition's transaction, and bumps the block
/// list's serial in the same transaction so providers see every change.
enum BlockOrderStore {
    static func issue(caseID: Int, decisionID: Int, targets: [BlockTarget], actor: CaseStore.Actor,
                      on db: any Database) async throws -> [Int]
    {
        var ids: [Int] = []
        var seen = Set<String>()
        for target in targets where seen.insert(target.canonical).inserted {
            let order = BlockOrder()
            order.caseID = caseID
            order.courtDecisionID = decisionID
            order.target = target.canonical
            order.targetKind = target.kind.rawValue
            order.status = BlockOrderStatus.active.rawValue
            order.issuedAt = Date()
            order.createdBy = actor.userID
            try await order.create(on: db)
            let id = try order.requireID()
            ids.append(id)
            try await AuditLog.append(on: db, actor: actor.audit, action: "block_order.issue", objectType: "block_order",
                                      objectID: String(id),
                                      details: ["case_id": String(caseID), "target": order.target,
                                                "court_decision_id": String(decisionID)])
        }
        if !ids.isEmpty { try await bumpSerial(on: db) }
        return ids
    }

    /// Lifts the case's active orders; the rows stay, with the reversing decision and the time.
    static func lift(caseID: Int, decisionID: Int, actor: CaseStore.Actor, on db: any Database) async throws -> [Int] {
        let orders = try await BlockOrder.query(on: db).filter(\.$caseID == caseID)
            .filter(\.$status == BlockOrderStatus.active.rawValue).all()
        var ids: [Int] = []
        for order in orders {
            order.status = BlockOrderStatus.lifted.rawValue
            order.liftedAt = Date()
            order.liftedByDecisionID = decisionID
            try await order.update(on: db)
            let id = try order.requireID()
            ids.append(id)
            try await AuditLog.append(on: db, actor: actor.audit, action: "block_order.lift", objectType: "block_order",
                                      objectID: String(id),
                                      details: ["case_id": String(caseID), "target": order.target,
                                                "court_decision_id": String(decisionID)])
        }
        if !ids.isEmpty { try await bumpSerial(on: db) }
        return ids
    }

    /// One atomic increment (no read-modify-write), so concurrent changes never share a serial.
    static func bumpSerial(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        let now = Date()
        let rows = try await sql.raw("""
            UPDATE blocklist_state SET serial = serial + 1, changed_at = \(bind: now) WHERE id = 1 RETURNING serial
            """).all()
        guard !rows.isEmpty else {
            throw AppError(status: .internalServerError, message: "blocklist_state has no row (migrations not run?)",
                           literal: true)
        }
    }
}
