import Exchange
import Fluent
import Foundation
import KaiguulCore

/// What one sharing rule lets leave, as a STIX bundle or a MISP feed: the last version of every
/// published object the rule covers (`SharingScope`), marked with the rule's TLP level. Nothing is
/// read from the records here: both formats come from the same `exchange_objects` rows TAXII serves.
enum RuleExport {
    /// The last version of each object in the rule's scope, in publishing order.
    static func latest(for rule: SharingRule, on db: any Database) async throws -> [ExchangeObject] {
        let rows = try await SharingScope.filter(ExchangeObject.query(on: db), for: rule).sort(\.$id).all()
        var last: [String: ExchangeObject] = [:]
        for row in rows where last[row.stixID].map({ $0.modified <= row.modified }) ?? true { last[row.stixID] = row }
        return rows.filter { last[$0.stixID] === $0 }
    }

    static func stixBundle(for rule: SharingRule, on db: any Database) async throws -> (bundle: JSONValue, count: Int) {
        guard let tlp = rule.tlp, rule.isActive else { return (STIXBundle.make([]), 0) }
        let objects = try await latest(for: rule, on: db).compactMap { row in
            (try? JSONValue.parse(Data(row.json.utf8))).map { STIXMarking.apply(tlp, to: $0) }
        }
        return (STIXBundle.make(objects), objects.count)
    }

    /// One event per case, and one per bank (for an organisation's rule: the court bank's materials of
    /// that organisation). Objects that belong to neither (the threat actor, shared definitions) make
    /// no attribute.
    static func mispFeed(for rule: SharingRule, producer: STIXProducer, on db: any Database) async throws -> MISPFeed {
        let org = MISPEvent.Organisation(name: producer.name, uuid: producer.ids.uuid("misp-organisation"))
        guard let tlp = rule.tlp, rule.isActive else { return MISPFeed(org: org, events: []) }
        var groups: [String: [JSONValue]] = [:]
        var order: [String] = []
        for row in try await latest(for: rule, on: db) {
            let key: String
            if let caseID = row.caseID { key = "case:\(caseID)" } else if let bankID = row.bankID { key = "bank:\(bankID)" } else { continue }
            guard let object = try? JSONValue.parse(Data(row.json.utf8)) else { continue }
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(object)
        }
        var events: [MISPEvent] = []
        for key in order {
            let objects = groups[key]!
            let info: String
            if key.hasPrefix("case:") {
                let report = objects.first { $0["type"]?.stringValue == "report" }
                info = "Kaiguul " + (report?["name"]?.stringValue ?? key.replacingOccurrences(of: "case:", with: "case "))
            } else {
                let bankID = Int(key.dropFirst("bank:".count)) ?? 0
                let name = try await HashBank.find(bankID, on: db)?.name ?? "bank \(bankID)"
                info = "Kaiguul hash bank: \(name)"
            }
            if let event = MISPFromSTIX.event(uuid: producer.ids.uuid("misp-event:\(key)"), info: info, tlp: tlp,
                                              objects: objects, producer: producer) {
                events.append(event)
            }
        }
        return MISPFeed(org: org, events: events)
    }

    /// Every export is audited with its recipient, in the caller's transaction.
    static func audit(_ rule: SharingRule, actor: AuditActor, format: String, count: Int, extra: [String: String] = [:],
                      on db: any Database) async throws {
        let ruleID = rule.id.map(String.init) ?? ""
        try await AuditLog.append(on: db, actor: actor, action: "exchange.export", objectType: "sharing_rule",
                                  objectID: ruleID,
                                  details: ["partner_id": String(rule.partnerID), "rule_id": ruleID, "format": format,
                                            "count": String(count), "collection": rule.collectionID]
                                      .merging(extra) { a, _ in a })
    }
}
