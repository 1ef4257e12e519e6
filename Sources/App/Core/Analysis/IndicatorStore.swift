import Fluent
import Foundation
import Vapor

/// Writes to the indicator registry, each with its audit row in the same transaction. The analysis
/// context sees every write through `AnalysisRevision` and rebuilds before the next item.
enum IndicatorStore {
    static func create(_ input: IndicatorInput, actor: AuditActor, app: Application) async throws -> Int {
        try await app.write { db in
            try await requireOrganization(input.organizationID, on: db)
            let row = IndicatorRecord()
            input.apply(to: row)
            try await row.create(on: db)
            let id = try row.requireID()
            try await AuditLog.append(on: db, actor: actor, action: "indicator.create", objectType: "indicator",
                                      objectID: String(id), details: input.auditDetails)
            return id
        }
    }

    static func update(id: Int, _ input: IndicatorInput, actor: AuditActor, app: Application) async throws {
        try await app.write { db in
            guard let row = try await IndicatorRecord.find(id, on: db) else { throw AppError.notFound }
            try await requireOrganization(input.organizationID, on: db)
            input.apply(to: row)
            try await row.update(on: db)
            try await AuditLog.append(on: db, actor: actor, action: "indicator.update", objectType: "indicator",
                                      objectID: String(id), details: input.auditDetails)
        }
    }

    /// Retires an indicator: kept and listed, never matched again. Retiring twice is refused, so the
    /// audit log holds one retirement per indicator.
    static func retire(id: Int, actor: AuditActor, app: Application) async throws {
        try await app.write { db in
            guard let row = try await IndicatorRecord.find(id, on: db) else { throw AppError.notFound }
            guard row.retiredAt == nil else { throw AppError(status: .conflict, message: "indicator.error.retired") }
            row.retiredAt = Date()
            try await row.update(on: db)
            try await AuditLog.append(on: db, actor: actor, action: "indicator.retire", objectType: "indicator",
                                      objectID: String(id), details: ["value": row.value, "mode": row.mode])
        }
    }

    private static func requireOrganization(_ id: Int, on db: any Database) async throws {
        guard try await Organization.find(id, on: db) != nil else {
            throw FormErrors(errors: ["organization_id": .invalid("organization_id", "error.unknown_value")])
        }
    }
}
