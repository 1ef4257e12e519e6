import Exchange
import Fluent
import Foundation
import KaiguulCore
import MediaMatch
import Vapor

/// Hash lists out: a bank (or the court bank's materials of an organisation) as a TCAP-style page,
/// tombstones included, so a partner that loaded an entry learns when it is withdrawn.
enum BankExport {
    static func listEntries(_ hashes: [SharedHash], labels: [String] = []) -> [HashListEntry] {
        hashes.map { hash in
            HashListEntry(id: hash.subjectKey, algorithm: FingerprintKind(rawValue: hash.kind)?.listName ?? hash.kind.uppercased(),
                          digest: hash.value, fileType: hash.fileType, labels: labels, deleted: hash.deleted,
                          updatedAt: hash.changedAt, label: hash.label, provenance: hash.provenance, court: hash.court,
                          decisionNumber: hash.decisionNumber, decisionDate: hash.decisionDate)
        }
    }

    /// One bank as TCAP-style JSON; `after` (a checkpoint a partner sent back) leaves out what did not change since.
    static func tcap(bankID: Int, after: Date? = nil, on db: any Database) async throws -> Data {
        guard let bank = try await HashBank.find(bankID, on: db) else { throw AppError.notFound }
        let labels = bank.labels.split(separator: "\n").map(String.init)
        return TCAPHashList.export(listEntries(try await SharedHashes.forBank(bankID, on: db), labels: labels), after: after)
    }

    /// What a partner's active rules let leave, as one TCAP-style page: banks shared by a bank rule, and
    /// the court bank's materials of organisations shared by an organisation rule. Each rule that
    /// contributed is audited with the recipient, in the same transaction as nothing else: an export
    /// that could not be audited does not leave.
    static func forPartner(_ partnerID: Int, after: Date? = nil, actor: AuditActor, app: Application) async throws -> Data {
        let rules = try await SharingScope.rules(forPartner: partnerID, on: app.db)
        var hashes: [SharedHash] = []
        var seen = Set<String>()
        var counts: [(rule: Int, count: Int)] = []
        for rule in rules {
            let found: [SharedHash]
            switch rule.subjectKind {
            case .bank?: found = try await SharedHashes.forBank(rule.subjectID, on: app.db)
            case .organization?: found = try await SharedHashes.forOrganization(rule.subjectID, on: app.db)
            default: continue
            }
            var count = 0
            for hash in found where seen.insert(hash.subjectKey).inserted {
                hashes.append(hash)
                count += 1
            }
            counts.append((try rule.requireID(), count))
        }
        let data = TCAPHashList.export(listEntries(hashes), after: after)
        let partnerIDText = String(partnerID)
        let audited = counts
        _ = try await app.write { db in
            for (rule, count) in audited {
                try await AuditLog.append(on: db, actor: actor, action: "exchange.export", objectType: "sharing_rule",
                                          objectID: String(rule),
                                          details: ["partner_id": partnerIDText, "rule_id": String(rule),
                                                    "format": "tcap", "count": String(count)])
            }
            return true
        }
        return data
    }
}
