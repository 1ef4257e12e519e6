import Fluent
import KaiguulCore
import SQLKit
import Vapor

/// Writes to the knowledge base. Each version is a new row; after submission only its decision is
/// recorded. Every write checks the person's right itself (the controller checks too; a job or a
/// command calling here must not get round the rule that only legal approves), and lands with its
/// audit row in one transaction.
enum KnowledgeStore {
    struct Written: Sendable, Equatable {
        var id: Int
        var version: Int
    }

    static func create(organizationID: Int, _ input: KnowledgeInput, by user: CurrentUser, app: Application) async throws -> Written {
        try require(.create, user)
        if input.submit { try require(.update, user) }
        return try await app.write { db in
            guard try await Organization.find(organizationID, on: db) != nil else { throw AppError.notFound }
            try await lockOrganization(organizationID, on: db, app: app)
            try await checkChoices(input.content, organizationID: organizationID, on: db)
            let last = try await KnowledgeEntry.query(on: db).filter(\.$organizationID == organizationID)
                .sort(\.$version, .descending).first()
            let now = Date()
            let entry = KnowledgeEntry()
            entry.organizationID = organizationID
            entry.version = (last?.version ?? 0) + 1
            entry.apply(input.content)
            entry.status = input.submit ? KnowledgeEntryStatus.submitted.rawValue : KnowledgeEntryStatus.draft.rawValue
            entry.createdBy = user.id
            entry.createdAt = now
            if input.submit {
                entry.submittedBy = user.id
                entry.submittedAt = now
            }
            entry.decisionNote = ""
            try await entry.create(on: db)
            let id = try entry.requireID()
            try await AuditLog.append(on: db, actor: user.auditActor, action: "knowledge.create", objectType: "knowledge_entry",
                                      objectID: String(id), details: details(entry, extra: [
                                          "public_fields": KnowledgeField.allCases.filter(input.content.publicFields.contains)
                                              .map(\.rawValue).joined(separator: ", "),
                                      ]))
            if input.submit {
                try await AuditLog.append(on: db, actor: user.auditActor, action: "knowledge.submit", objectType: "knowledge_entry",
                                          objectID: String(id), details: details(entry))
            }
            return Written(id: id, version: entry.version)
        }
    }

    static func submit(organizationID: Int, version: Int, by user: CurrentUser, app: Application) async throws {
        try require(.update, user)
        try await app.write { db in
            let entry = try await find(organizationID, version, on: db)
            guard entry.state == .draft else { throw AppError(status: .conflict, message: "knowledge.error.not_draft") }
            entry.status = KnowledgeEntryStatus.submitted.rawValue
            entry.submittedBy = user.id
            entry.submittedAt = Date()
            try await entry.update(on: db)
            try await AuditLog.append(on: db, actor: user.auditActor, action: "knowledge.submit", objectType: "knowledge_entry",
                                      objectID: String(try entry.requireID()), details: details(entry))
        }
    }

    /// Legal's decision: the version becomes what volunteers and the public guide see, and the one
    /// they saw before is kept as superseded. A version older than the one already approved cannot
    /// be approved (it would silently turn the clock back); it can only be rejected.
    static func approve(organizationID: Int, version: Int, note: String, by user: CurrentUser, app: Application) async throws {
        try require(.approve, user)
        try await app.write { db in
            try await lockOrganization(organizationID, on: db, app: app)
            let entry = try await find(organizationID, version, on: db)
            guard entry.state == .submitted else { throw AppError(status: .conflict, message: "knowledge.error.not_submitted") }
            var extra: [String: String] = ["note": note]
            if let current = try await KnowledgeBase.current(organizationID: organizationID, on: db) {
                guard current.version < entry.version else {
                    throw AppError(status: .conflict, message: "knowledge.error.stale", values: ["version": String(current.version)])
                }
                // Before the new one is approved: the database holds one approved version per organisation.
                current.status = KnowledgeEntryStatus.superseded.rawValue
                try await current.update(on: db)
                extra["superseded_version"] = String(current.version)
            }
            try await decide(entry, .approved, note: note, by: user, on: db)
            try await AuditLog.append(on: db, actor: user.auditActor, action: "knowledge.approve", objectType: "knowledge_entry",
                                      objectID: String(try entry.requireID()), details: details(entry, extra: extra))
        }
    }

    static func reject(organizationID: Int, version: Int, note: String, by user: CurrentUser, app: Application) async throws {
        try require(.approve, user)
        guard !note.isEmpty else { throw AppError.invalid("note", "knowledge.error.note_required") }
        try await app.write { db in
            let entry = try await find(organizationID, version, on: db)
            guard entry.state == .submitted else { throw AppError(status: .conflict, message: "knowledge.error.not_submitted") }
            try await decide(entry, .rejected, note: note, by: user, on: db)
            try await AuditLog.append(on: db, actor: user.auditActor, action: "knowledge.reject", objectType: "knowledge_entry",
                                      objectID: String(try entry.requireID()), details: details(entry, extra: ["note": note]))
        }
    }

    // MARK: -

    private static func require(_ action: Action, _ user: CurrentUser) throws {
        guard Permissions.decide(role: user.role, action: action, resource: .knowledge).isAllowed else { throw AppError.forbidden }
    }

    private static func decide(_ entry: KnowledgeEntry, _ status: KnowledgeEntryStatus, note: String, by user: CurrentUser,
                               on db: any Database) async throws {
        entry.status = status.rawValue
        entry.decidedBy = user.id
        entry.decidedAt = Date()
        entry.decisionNote = note
        try await entry.update(on: db)
    }

    private static func find(_ organizationID: Int, _ version: Int, on db: any Database) async throws -> KnowledgeEntry {
        guard let entry = try await KnowledgeEntry.query(on: db).filter(\.$organizationID == organizationID)
            .filter(\.$version == version).first()
        else { throw AppError.notFound }
        return entry
    }

    /// Orders concurrent writers of one organisation's versions on PostgreSQL (next version number,
    /// the one approved version); SQLite's write gate already runs one writer at a time.
    private static func lockOrganization(_ id: Int, on db: any Database, app: Application) async throws {
        guard !app.usesSQLite, let sql = db as? any SQLDatabase else { return }
        try await sql.raw("SELECT id FROM organizations WHERE id = \(bind: id) FOR UPDATE").run()
    }

    /// The chosen phrases must be this organisation's live indicators, the symbols its own, the
    /// counter-materials existing ones: an id typed into the form cannot pull another organisation's
    /// row into this entry.
    private static func checkChoices(_ c: KnowledgeContent, organizationID: Int, on db: any Database) async throws {
        var errors: [String: AppError] = [:]
        if !c.exampleIndicatorIDs.isEmpty {
            let found = try await IndicatorRecord.query(on: db).filter(\.$id ~~ c.exampleIndicatorIDs)
                .filter(\.$organization.$id == organizationID).filter(\.$retiredAt == nil).all()
            if found.count != c.exampleIndicatorIDs.count {
                errors["example_indicator_ids"] = .invalid("example_indicator_ids", "knowledge.error.not_its_own")
            }
        }
        if !c.symbolIDs.isEmpty {
            let found = try await KnowledgeSymbols.withIDs(c.symbolIDs, publicOnly: false, on: db)
            if found.count != c.symbolIDs.count || found.contains(where: { $0.organizationID != organizationID }) {
                errors["symbol_ids"] = .invalid("symbol_ids", "knowledge.error.not_its_own")
            }
        }
        if !c.counterMaterialIDs.isEmpty {
            let found = try await CounterMaterial.query(on: db).filter(\.$id ~~ c.counterMaterialIDs).count()
            if found != c.counterMaterialIDs.count {
                errors["counter_material_ids"] = .invalid("counter_material_ids", "error.unknown_value")
            }
        }
        guard errors.isEmpty else { throw FormErrors(errors: errors) }
    }

    private static func details(_ entry: KnowledgeEntry, extra: [String: String] = [:]) -> [String: String] {
        ["knowledge_organization_id": String(entry.organizationID), "version": String(entry.version)].merging(extra) { $1 }
    }
}
