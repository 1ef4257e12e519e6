import Fluent
import Foundation
import MediaMatch
import Vapor

/// Flood quarantine: a banked hash that matches more than `KAIGUUL_FLOOD_MATCHES` distinct items in
/// a day (UTC) is held — a `hash_holds` row, which `BankMatching` leaves out of every lookup — and its
/// matches make no signals until an analyst releases it; the analyst worklist shows open holds.
/// Items are counted per process: with several workers a hash is held once any one of them saw
/// the threshold, which errs on holding early, never late.
actor FloodQuarantine {
    let threshold: Int
    private var day = ""
    private var items: [String: Set<String>] = [:]
    private var held: Set<String> = []

    static let defaultThreshold = 200

    init(threshold: Int? = nil) {
        self.threshold = max(1, threshold ?? Environment.get("KAIGUUL_FLOOD_MATCHES").flatMap(Int.init) ?? Self.defaultThreshold)
    }

    /// Counts `item` against each matched hash; returns the hashes (`kind:value`) now held, whose
    /// matches on this item must not become signals. Writes the hold when the threshold is passed.
    func record(item: String, hashes: Set<String>, now: Date = Date(), db: any Database,
                logger: Logger) async -> Set<String> {
        let today = String(ISO8601DateFormatter().string(from: now).prefix(10))
        if today != day {
            day = today
            items = [:]
        }
        var holding: Set<String> = []
        for hash in hashes {
            if held.contains(hash) {
                // Released by an analyst since (in any process)? Then it counts afresh from here.
                if await isOpen(hash, db: db) { holding.insert(hash); continue }
                held.remove(hash)
                items[hash] = []
            }
            items[hash, default: []].insert(item)
            let count = items[hash]?.count ?? 0
            guard count > threshold else { continue }
            holding.insert(hash)
            held.insert(hash)
            let parts = hash.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            do {
                let open = try await HashHold.query(on: db).filter(\.$kind == parts[0]).filter(\.$value == parts[1])
                    .filter(\.$releasedAt == nil).count()
                if open == 0 {
                    let hold = HashHold()
                    hold.kind = parts[0]
                    hold.value = parts[1]
                    hold.matches = count
                    hold.heldAt = now
                    try await hold.create(on: db)
                    try await AuditLog.append(on: db, actor: .system, action: "hash_bank.hold", objectType: "hash_hold",
                                              objectID: hold.id.map(String.init),
                                              details: ["kind": parts[0], "value": parts[1], "matches": String(count),
                                                        "threshold": String(threshold)])
                }
            } catch {
                logger.error("flood hold for \(hash) could not be written: \(error)")
            }
        }
        return holding
    }

    private func isOpen(_ hash: String, db: any Database) async -> Bool {
        let parts = hash.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return false }
        let open = try? await HashHold.query(on: db).filter(\.$kind == parts[0]).filter(\.$value == parts[1])
            .filter(\.$releasedAt == nil).count()
        return (open ?? 1) > 0
    }
}
