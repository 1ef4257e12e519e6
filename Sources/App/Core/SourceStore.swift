import Fluent
import Vapor

/// Writes to the sources registry. A second source with the same identity is refused with a
/// pointer to the first, checked inside the transaction and backed by a unique index.
enum SourceStore {
    struct Duplicate: Error, Sendable {
        var existingID: Int
    }

    static func create(_ input: SourceInput, origin: SourceOrigin, actor: AuditActor, app: Application) async throws -> Int {
        try await app.write { db in
            if let existing = try await Source.query(on: db).filter(\.$identity == input.identity).first() {
                throw Duplicate(existingID: existing.id ?? 0)
            }
            try await check(input, on: db)
            let source = Source()
            input.apply(to: source)
            source.foundBy = origin.rawValue
            source.createdBy = actor.id
            source.nextCheckAt = Date()
            try await source.create(on: db)
            let id = try source.requireID()
            try await AuditLog.append(on: db, actor: actor, action: "source.create", objectType: "source",
                                      objectID: String(id), details: input.auditDetails)
            return id
        }
    }

    static func update(id: Int, _ input: SourceInput, actor: AuditActor, app: Application) async throws {
        try await app.write { db in
            guard let source = try await Source.find(id, on: db) else { throw AppError.notFound }
            if let existing = try await Source.query(on: db).filter(\.$identity == input.identity)
                .filter(\.$id != id).first() {
                throw Duplicate(existingID: existing.id ?? 0)
            }
            try await check(input, on: db)
            input.apply(to: source)
            try await source.update(on: db)
            try await AuditLog.append(on: db, actor: actor, action: "source.update", objectType: "source",
                                      objectID: String(id), details: input.auditDetails)
        }
    }

    /// Referenced rows must exist: a clear 422 instead of a foreign-key failure.
    private static func check(_ input: SourceInput, on db: any Database) async throws {
        if let r = input.regionID, try await Region.find(r, on: db) == nil {
            throw AppError.invalid("region_id", "error.unknown_value")
        }
        if let o = input.organizationID, try await Organization.find(o, on: db) == nil {
            throw AppError.invalid("organization_id", "error.unknown_value")
        }
    }
}
