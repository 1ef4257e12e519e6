import Fluent
import Foundation
import MediaMatch
import Vapor

/// The court bank of banned media: fingerprints of banned materials, of the registered hash kinds,
/// kept in `material_fingerprints` (matching reads every enabled bank through `BankMatching`). Imports land whole or not at all, with their audit row.
enum MediaBankStore {
    static let kinds = FingerprintKind.allCases.map(\.rawValue)

    /// The whole bank, as the matcher wants it. Label: the fingerprint's own, else the material's
    /// title; source: `material #ID`.
    static func load(on db: any Database) async throws -> MediaBank {
        let rows = try await MaterialFingerprint.query(on: db).filter(\.$kind ~~ kinds).with(\.$material).all()
        var bank = MediaBank()
        // A material whose ban a court overturned no longer matches.
        for row in rows where row.material.revokedAt == nil {
            guard let kind = FingerprintKind(rawValue: row.kind) else { continue }
            let label = row.label.flatMap { $0.isEmpty ? nil : $0 } ?? row.material.title
            if let fingerprint = try? MediaFingerprint(kind: kind, value: row.value, label: label,
                                                       source: "material #\(row.$material.id)") {
                bank.add(fingerprint)
            }
        }
        return bank
    }

    struct ImportReport: Sendable {
        var materialID: Int?
        var count: Int
        var byKind: [String: Int]
    }

    /// Adds parsed fingerprints under one banned material (created when `materialID` is nil).
    static func importFingerprints(_ fingerprints: [MediaFingerprint], materialID: Int?, title: String, dryRun: Bool,
                                   actor: AuditActor, app: Application) async throws -> ImportReport {
        let byKind = Dictionary(grouping: fingerprints, by: \.kind.rawValue).mapValues(\.count)
        if dryRun { return ImportReport(materialID: materialID, count: fingerprints.count, byKind: byKind) }
        return try await app.write { db in
            let material: BannedMaterial
            if let materialID {
                guard let existing = try await BannedMaterial.find(materialID, on: db) else { throw AppError.notFound }
                material = existing
            } else {
                material = BannedMaterial()
                material.title = title
                material.kind = "media"
                material.court = ""
                material.decisionNumber = ""
                try await material.create(on: db)
            }
            let id = try material.requireID()
            for f in fingerprints {
                let row = MaterialFingerprint()
                row.$material.id = id
                row.kind = f.kind.rawValue
                row.value = f.value
                row.label = f.label
                try await row.create(on: db)
            }
            try await AuditLog.append(on: db, actor: actor, action: "media_bank.import", objectType: "banned_material",
                                      objectID: String(id),
                                      details: byKind.mapValues(String.init).merging(["count": String(fingerprints.count)]) { a, _ in a })
            return ImportReport(materialID: id, count: fingerprints.count, byKind: byKind)
        }
    }
}
