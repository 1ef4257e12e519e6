import Fluent
import Foundation
import KaiguulCore
import SQLKit

/// The legal officer's lists beside the cases waiting for court steps: block orders whose latest
/// verification found the target still reachable (`ReachabilityQuery`, the rule the dashboard uses).
enum LegalWorklists {
    static func verificationFailures(seen: Visibility, on db: any Database) async throws -> Worklist? {
        guard seen.seesAll(.blockOrder) else { return nil }
        let ids = try await ReachabilityQuery.stillReachableOrderIDs(on: db).sorted()
        guard !ids.isEmpty else { return Worklist(name: "verification", entries: [], total: 0, more: "/block-orders") }
        let orders = try await BlockOrder.query(on: db).filter(\.$id ~~ Array(ids.prefix(Worklist.head)))
            .sort(\.$issuedAt).all()
        let checks = try await ReachabilityCheck.query(on: db).filter(\.$blockOrderID ~~ orders.compactMap(\.id))
            .sort(\.$id, .descending).all()
        var latest: [Int: ReachabilityCheck] = [:]
        for check in checks where latest[check.blockOrderID] == nil { latest[check.blockOrderID] = check }
        let entries = orders.map { order -> WorklistEntry in
            var facts: [WorklistEntry.Fact] = [.phrase("home.fact.still_reachable", [:])]
            if let check = order.id.flatMap({ latest[$0] }) { facts.append(.since(check.checkedAt)) }
            return WorklistEntry(title: order.target, href: "/cases/\(order.caseID)", facts: facts)
        }
        return Worklist(name: "verification", entries: entries, total: ids.count, more: "/block-orders")
    }
}
