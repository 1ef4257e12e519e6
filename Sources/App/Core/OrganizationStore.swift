import Fluent
import Vapor

/// Writes to the organisations registry, each with its audit row in the same transaction.
enum OrganizationStore {
    static func create(_ input: OrganizationInput, actor: AuditActor, app: Application) async throws -> Int {
        try await app.write { db in
            let org = Organization()
            input.apply(to: org)
            try await org.create(on: db)
            let id = try org.requireID()
            try await AuditLog.append(on: db, actor: actor, action: "organization.create", objectType: "organization",
                                      objectID: String(id), details: input.auditDetails)
            return id
        }
    }

    static func update(id: Int, _ input: OrganizationInput, actor: AuditActor, app: Application) async throws {
        try await app.write { db in
            guard let org = try await Organization.find(id, on: db) else { throw AppError.notFound }
            input.apply(to: org)
            try await org.update(on: db)
            try await AuditLog.append(on: db, actor: actor, action: "organization.update", objectType: "organization",
                                      objectID: String(id), details: input.auditDetails)
        }
    }
}
