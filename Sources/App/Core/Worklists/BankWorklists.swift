import Fluent
import Foundation

/// What the hash banks ask of an analyst: hashes held in flood quarantine (`FloodQuarantine`). A
/// held hash makes no signals until someone looks at it and releases it on `/banks`, so the
/// analyst is told on their home page, not only on the banks page.
enum BankWorklists {
    static func heldHashes(seen: Visibility, on db: any Database) async throws -> Worklist? {
        guard seen.seesAll(.hashBank) else { return nil }
        let open = HashHold.query(on: db).filter(\.$releasedAt == nil)
        let total = try await open.count()
        let rows = try await open.sort(\.$heldAt, .descending).sort(\.$id, .descending).limit(Worklist.head).all()
        let entries = rows.map { hold in
            WorklistEntry(title: "\(hold.kind) \(hold.value)", href: "/banks",
                          facts: [.phrase("banks.holds.matches", ["count": String(hold.matches)]), .since(hold.heldAt)])
        }
        return Worklist(name: "held-hashes", entries: entries, total: total, more: "/banks")
    }
}
