import Fluent
import KaiguulCore
import Vapor

/// Partners and their accounts. A partner is never deleted: its rules and the audit rows of what
/// it received keep pointing at it. Disabling one stops everything leaving for it at once
/// (`SharingScope.rules` returns nothing for a disabled partner).
enum PartnerStore {
    struct Input: Sendable {
        var name: String?
        var kind: String?
        var contact: String?
    }

    /// Validates every field before anything is written, so a refused form writes nothing.
    static func create(_ input: Input, actor: AuditActor, app: Application) async throws -> Int {
        var errors: [String: AppError] = [:]
        let name = FieldRules.line(input.name, field: "name", max: 200, into: &errors)
        let kind = FieldRules.choice(input.kind, PartnerKind.self, field: "kind", into: &errors)
        let contact = FieldRules.text(input.contact, field: "contact", max: 1000, into: &errors)
        guard errors.isEmpty, let kind else { throw FormErrors(errors: errors) }
        return try await app.write { db in
            if try await Partner.query(on: db).filter(\.$name == name).first() != nil {
                throw FormErrors(errors: ["name": AppError(status: .conflict, message: "sharing.error.partner_taken",
                                                           field: "name")])
            }
            let partner = Partner()
            partner.name = name
            partner.kind = kind.rawValue
            partner.contact = contact.isEmpty ? nil : contact
            partner.createdBy = actor.id
            partner.createdAt = Date()
            try await partner.create(on: db)
            let id = try partner.requireID()
            try await AuditLog.append(on: db, actor: actor, action: "partner.create", objectType: "partner",
                                      objectID: String(id), details: ["name": name, "kind": kind.rawValue])
            return id
        }
    }

    static func setDisabled(_ id: Int, disabled: Bool, actor: AuditActor, app: Application) async throws {
        try await app.write { db in
            guard let partner = try await Partner.find(id, on: db) else { throw AppError.notFound }
            guard (partner.disabledAt != nil) != disabled else { return }
            partner.disabledAt = disabled ? Date() : nil
            try await partner.update(on: db)
            try await AuditLog.append(on: db, actor: actor, action: disabled ? "partner.disable" : "partner.enable",
                                      objectType: "partner", objectID: String(id), details: ["name": partner.name])
        }
    }

    /// Makes a `partner` account read for this partner. Only partner accounts can be attached: any
    /// other role already reads more than a partner may, so tying it to one would mean nothing.
    static func attach(userID: Int?, to partnerID: Int, actor: AuditActor, app: Application) async throws {
        guard let userID else { throw AppError.invalid("user_id", "error.required") }
        try await app.write { db in
            guard let partner = try await Partner.find(partnerID, on: db) else { throw AppError.notFound }
            guard let user = try await User.find(userID, on: db) else {
                throw AppError.invalid("user_id", "sharing.error.no_such_account")
            }
            guard user.role == .partner else { throw AppError.invalid("user_id", "sharing.error.not_partner_account") }
            guard user.partnerID != partnerID else { return }
            var details = ["partner_id": String(partnerID), "username": user.username, "name": partner.name]
            if let previous = user.partnerID { details["from"] = String(previous) }
            user.partnerID = partnerID
            try await user.update(on: db)
            try await AuditLog.append(on: db, actor: actor, action: "partner.account_attach", objectType: "user",
                                      objectID: String(userID), details: details)
        }
    }

    static func detach(userID: Int, from partnerID: Int, actor: AuditActor, app: Application) async throws {
        try await app.write { db in
            guard let user = try await User.find(userID, on: db), user.partnerID == partnerID else {
                throw AppError.notFound
            }
            user.partnerID = nil
            try await user.update(on: db)
            try await AuditLog.append(on: db, actor: actor, action: "partner.account_detach", objectType: "user",
                                      objectID: String(userID),
                                      details: ["partner_id": String(partnerID), "username": user.username])
        }
    }
}
