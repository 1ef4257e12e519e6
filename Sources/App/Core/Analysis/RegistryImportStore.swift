import Detection
import Fluent
import Foundation
import Vapor

/// Writes validated registry imports: indicators and banned materials (with their texts, so the
/// near-duplicate index can fingerprint them). One transaction, one audit row per import.
enum RegistryImportStore {
    /// Organisation references in import files are ids or names in any language.
    static func resolveOrganization(_ reference: String, on db: any Database) async throws -> Int? {
        let ref = reference.trimmingCharacters(in: .whitespaces)
        if ref.isEmpty { return nil }
        if let id = Int(ref), try await Organization.find(id, on: db) != nil { return id }
        let folded = Search.fold(ref)
        let candidates = try await Organization.query(on: db).all()
        return candidates.first { org in
            [org.nameKy, org.nameRu, org.nameEn].contains { !$0.isEmpty && Search.fold($0) == folded }
                || org.aliasList.contains { Search.fold($0) == folded }
        }?.id
    }

    struct Unresolved: Error, CustomStringConvertible {
        var references: [String]
        var description: String { "unknown organisations: " + references.prefix(20).joined(separator: ", ") }
    }

    static func importIndicators(_ records: [Indicator], actor: AuditActor, app: Application) async throws -> Int {
        try await app.write { db in
            var missing: [String] = []
            var resolved: [(Indicator, Int?)] = []
            for record in records {
                let org = try await resolveOrganization(record.organizationID, on: db)
                if org == nil, !record.organizationID.isEmpty { missing.append(record.organizationID) }
                resolved.append((record, org))
            }
            guard missing.isEmpty else { throw Unresolved(references: Array(Set(missing)).sorted()) }
            for (record, org) in resolved {
                let row = IndicatorRecord()
                row.$organization.id = org
                row.value = record.text
                row.language = record.language ?? ""
                row.mode = record.mode.rawValue
                row.weight = record.weight
                try await row.create(on: db)
            }
            try await AuditLog.append(on: db, actor: actor, action: "indicator.import", objectType: "indicator",
                                      objectID: nil, details: ["count": String(records.count)])
            return records.count
        }
    }

    static func importMaterials(_ records: [MaterialRecord], actor: AuditActor, app: Application) async throws -> Int {
        try await app.write { db in
            for record in records {
                let material = BannedMaterial()
                material.$organization.id = try await record.organizationID.asyncFlatMap { try await resolveOrganization($0, on: db) }
                material.title = record.title
                material.kind = "text"
                material.court = ""
                material.decisionNumber = ""
                material.text = record.text
                try await material.create(on: db)
            }
            try await AuditLog.append(on: db, actor: actor, action: "banned_material.import", objectType: "banned_material",
                                      objectID: nil, details: ["count": String(records.count)])
            return records.count
        }
    }
}

