import Detection
import Fluent
import Foundation
import Vapor

/// Writes validated registry imports: indicators and banned materials (with their texts, so the
/// near-duplicate index can fingerprint them). One transaction, one audit row per import.
enum RegistryImportStore {
    struct Unresolved: Error, CustomStringConvertible {
        var references: [String]
        var description: String { "unknown organisations: " + references.prefix(20).joined(separator: ", ") }
    }

    static func importIndicators(_ records: [Indicator], actor: AuditActor, app: Application) async throws -> Int {
        try await importIndicators(ImportReport(records: records, errors: [], warnings: [], rowsRead: records.count,
                                                counts: [:]), actor: actor, app: app)
    }

    /// Writes every valid row of a clean report, or nothing: a row naming an unknown organisation
    /// refuses the whole file (`Unresolved`), as does any row error in the report.
    static func importIndicators(_ report: ImportReport<Indicator>, actor: AuditActor, app: Application) async throws -> Int {
        try await app.write { db in
            let preview = try await IndicatorImportPreview.make(report, on: db)
            guard preview.unknownOrganizations.isEmpty else {
                throw Unresolved(references: preview.unknownOrganizations.sorted())
            }
            guard preview.isClean else { throw Refused(errors: preview.errors) }
            for addition in preview.additions {
                let row = IndicatorRecord()
                row.$organization.id = addition.organizationID
                row.value = addition.indicator.text
                row.language = addition.indicator.language ?? ""
                row.mode = addition.indicator.mode.rawValue
                row.weight = addition.indicator.weight
                row.searchText = Search.fold(addition.indicator.text)
                try await row.create(on: db)
            }
            try await AuditLog.append(on: db, actor: actor, action: "indicator.import", objectType: "indicator",
                                      objectID: nil, details: ["count": String(preview.additions.count)])
            return preview.additions.count
        }
    }

    struct Refused: Error, CustomStringConvertible {
        var errors: [ImportIssue]
        var description: String { errors.prefix(20).map(\.description).joined(separator: "; ") }
    }

    static func importMaterials(_ records: [MaterialRecord], actor: AuditActor, app: Application) async throws -> Int {
        try await app.write { db in
            let organizations = try await OrganizationResolver.load(on: db)
            for record in records {
                let material = BannedMaterial()
                material.$organization.id = record.organizationID.flatMap { organizations.resolve($0)?.id }
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

