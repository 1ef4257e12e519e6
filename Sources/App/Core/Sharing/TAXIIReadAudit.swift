import Fluent
import Foundation
import Vapor

/// Every TAXII read that hands a partner something is an export, audited with its recipient like
/// the MISP feed and the hash lists (`exchange.export`). A read that returns nothing (a client
/// polling with `added_after` while nothing changed, which is most reads) writes no row: it gave
/// nothing away, and logging it would bury the log. Each row names what is needed to recompute
/// exactly what left — the collection, the parameters and the `date_added` range of the page —
/// since `exchange_objects` is append-only, without copying the objects into the log.
enum TAXIIReadAudit {
    static func record(_ count: Int, endpoint: String, rule: SharingRule, caller: PartnerCaller, filter: TAXIIFilter,
                       rows: [ExchangeObject], query: String?, app: Application) async throws {
        guard count > 0, let ruleID = rule.id else { return }
        var details = ["partner_id": String(caller.partnerID), "rule_id": String(ruleID), "format": "taxii",
                       "count": String(count), "endpoint": endpoint, "collection": rule.collectionID]
        if let after = filter.addedAfter { details["added_after"] = TAXIITimestamp.format(after) }
        if let next = filter.next { details["next"] = String(next) }
        if let query, !query.isEmpty { details["query"] = String(query.prefix(1000)) }
        if let first = rows.map(\.dateAdded).min(), let last = rows.map(\.dateAdded).max() {
            details["from"] = TAXIITimestamp.format(first)
            details["to"] = TAXIITimestamp.format(last)
        }
        let actor = caller.user.auditActor
        let written = details
        try await app.write { db in
            try await AuditLog.append(on: db, actor: actor, action: "exchange.export", objectType: "sharing_rule",
                                      objectID: String(ruleID), details: written)
        }
    }
}
