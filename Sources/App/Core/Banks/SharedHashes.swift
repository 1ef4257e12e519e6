import Fluent
import Foundation

/// One hash that may leave, with what it rests on. `subjectKey`: "bank_entry:ID" or "material_fingerprint:ID".
struct SharedHash: Sendable, Hashable {
    var bankID: Int
    var subjectKey: String
    /// A registered hash kind: `pdq`, `md5`, `sha256`, `video_pdq`.
    var kind: String
    /// Lowercase hex.
    var value: String
    var label: String?
    var fileType: String?
    var organizationID: Int?
    var materialID: Int?
    /// The banned material's decision (court bank only).
    var court: String?
    var decisionNumber: String?
    var decisionDate: String?
    /// The bank's provenance.
    var provenance: String
    /// A tombstone: deleted from its list, its material's ban overturned, or its bank switched off.
    var deleted: Bool
    /// Last change (deleted_at, revoked_at, updated_at, created_at).
    var changedAt: Date
}

/// The hashes of a bank as they may leave to a partner: exports and the STIX/MISP publisher read
/// them from here so that every format tombstones the same entries for the same reasons.
enum SharedHashes {
    /// Kinds a partner can act on; MinHash signatures of banned texts stay home.
    static let sharedKinds = ["pdq", "md5", "sha256", "video_pdq"]

    /// Every hash of a bank, tombstones included (a partner that loaded an entry must learn it is gone).
    /// A negative bank holds known false positives, which are nothing to act on: it shares nothing.
    static func forBank(_ bankID: Int, on db: any Database) async throws -> [SharedHash] {
        guard let bank = try await HashBank.find(bankID, on: db), !bank.negative else { return [] }
        if bank.isCourtBank {
            return try await courtHashes(bank: bank, materials: BannedMaterial.query(on: db).all(), on: db)
        }
        let rows = try await BankEntry.query(on: db).filter(\.$bankID == bankID)
            .filter(\.$kind ~~ sharedKinds).sort(\.$id).all()
        return rows.map { row in
            let deleted = row.status != "active" || !bank.enabled
            let changed = [row.deletedAt, row.updatedAt, row.createdAt].compactMap { $0 }.max() ?? row.createdAt
            return SharedHash(bankID: bankID, subjectKey: "bank_entry:\(row.id ?? 0)", kind: row.kind,
                              value: row.value, label: row.label, fileType: row.fileType, organizationID: nil,
                              materialID: nil, court: nil, decisionNumber: nil, decisionDate: nil,
                              provenance: bank.provenance, deleted: deleted,
                              changedAt: bank.enabled ? changed : max(changed, bank.updatedAt ?? changed))
        }
    }

    /// The court bank's hashes of one organisation's banned materials.
    static func forOrganization(_ organizationID: Int, on db: any Database) async throws -> [SharedHash] {
        guard let bank = try await courtBank(on: db) else { return [] }
        let materials = try await BannedMaterial.query(on: db).filter(\.$organization.$id == organizationID).all()
        return try await courtHashes(bank: bank, materials: materials, on: db)
    }

    static func courtBank(on db: any Database) async throws -> HashBank? {
        try await HashBank.query(on: db).filter(\.$kind == "court").sort(\.$id).first()
    }

    private static func courtHashes(bank: HashBank, materials: [BannedMaterial],
                                    on db: any Database) async throws -> [SharedHash] {
        guard !materials.isEmpty else { return [] }
        let bankID = try bank.requireID()
        let byID = Dictionary(uniqueKeysWithValues: materials.compactMap { m in m.id.map { ($0, m) } })
        var result: [SharedHash] = []
        // Chunked: PostgreSQL and SQLite both cap the parameters of one statement.
        let ids = byID.keys.sorted()
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            let rows = try await MaterialFingerprint.query(on: db).filter(\.$material.$id ~~ chunk)
                .filter(\.$kind ~~ sharedKinds).sort(\.$id).all()
            for row in rows {
                guard let material = byID[row.$material.id] else { continue }
                let label = row.label.flatMap { $0.isEmpty ? nil : $0 } ?? material.title
                let created = row.createdAt ?? material.createdAt ?? Date(timeIntervalSince1970: 0)
                let deleted = material.revokedAt != nil || !bank.enabled
                let changed = material.revokedAt ?? (bank.enabled ? created : max(created, bank.updatedAt ?? created))
                result.append(SharedHash(bankID: bankID, subjectKey: "material_fingerprint:\(row.id ?? 0)",
                                         kind: row.kind, value: row.value, label: label, fileType: nil,
                                         organizationID: material.$organization.id, materialID: material.id,
                                         court: material.court, decisionNumber: material.decisionNumber,
                                         decisionDate: material.decisionDate, provenance: bank.provenance,
                                         deleted: deleted, changedAt: changed))
            }
        }
        return result.sorted { $0.subjectKey.count != $1.subjectKey.count ? $0.subjectKey.count < $1.subjectKey.count : $0.subjectKey < $1.subjectKey }
    }
}
