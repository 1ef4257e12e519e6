import Fluent
import KaiguulCore
import Vapor

/// Sharing rules: a legal officer or an admin decides that one organisation's, case's or bank's
/// records may leave for one partner at one TLP level. A rule is revoked, never edited or deleted:
/// what left under it, and when, stays explainable from the audit log and `exchange_objects`.
enum SharingRuleStore {
    struct Input: Sendable {
        var partnerID: String?
        var subjectKind: String?
        var subjectID: String?
        var tlp: String?
        var title: String?
        var note: String?
    }

    static func create(_ input: Input, actor: AuditActor, language: Language, app: Application) async throws -> SharingRule {
        var errors: [String: AppError] = [:]
        let partnerID = FieldRules.integer(input.partnerID, field: "partner_id", range: 1...Int(Int32.max), into: &errors)
        let kind = FieldRules.choice(input.subjectKind, SharingSubject.self, field: "subject_kind", into: &errors)
        let subjectID = FieldRules.integer(input.subjectID, field: "subject_id", range: 1...Int(Int32.max), into: &errors)
        let tlp = FieldRules.choice(input.tlp, TLPLevel.self, field: "tlp", into: &errors)
        let givenTitle = FieldRules.line(input.title, field: "title", max: 200, required: false, into: &errors)
        let note = FieldRules.text(input.note, field: "note", max: 2000, into: &errors)
        guard errors.isEmpty, let partnerID, let kind, let subjectID, let tlp else { throw FormErrors(errors: errors) }
        return try await app.write { db in
            var refused: [String: AppError] = [:]
            let partner = try await Partner.find(partnerID, on: db)
            if partner == nil {
                refused["partner_id"] = .invalid("partner_id", "sharing.error.no_such_partner")
            } else if partner?.disabledAt != nil {
                refused["partner_id"] = .invalid("partner_id", "sharing.error.partner_disabled")
            }
            let subjectName = try await SharingSubjects.name(kind, subjectID, language: language, on: db)
            if subjectName == nil { refused["subject_id"] = .invalid("subject_id", "sharing.error.no_such_subject") }
            guard refused.isEmpty, let partner, let subjectName else { throw FormErrors(errors: refused) }
            let title = givenTitle.isEmpty ? String(subjectName.prefix(200)) : givenTitle
            let rule = SharingRule()
            rule.partnerID = partnerID
            rule.subjectKindRaw = kind.rawValue
            rule.subjectID = subjectID
            rule.tlpRaw = tlp.rawValue
            rule.collectionID = UUID().uuidString.lowercased()
            rule.title = title
            rule.note = note.isEmpty ? nil : note
            rule.createdBy = actor.id
            rule.createdAt = Date()
            try await rule.create(on: db)
            let id = try rule.requireID()
            try await AuditLog.append(
                on: db, actor: actor, action: "sharing_rule.create", objectType: "sharing_rule", objectID: String(id),
                details: ["partner_id": String(partnerID), "name": partner.name, "subject": "\(kind.rawValue):\(subjectID)",
                          "tlp": tlp.rawValue, "collection": rule.collectionID, "title": title])
            return rule
        }
    }

    static func revoke(_ id: Int, actor: AuditActor, app: Application) async throws {
        try await app.write { db in
            guard let rule = try await SharingRule.find(id, on: db) else { throw AppError.notFound }
            guard rule.revokedAt == nil else { return }
            rule.revokedAt = Date()
            rule.revokedBy = actor.id
            try await rule.update(on: db)
            try await AuditLog.append(
                on: db, actor: actor, action: "sharing_rule.revoke", objectType: "sharing_rule", objectID: String(id),
                details: ["partner_id": String(rule.partnerID), "subject": "\(rule.subjectKindRaw):\(rule.subjectID)",
                          "collection": rule.collectionID])
        }
    }
}

/// What a rule's subject is called, in the reader's language: an organisation's name, a case's
/// number and title, a bank's name. Nil when no such record exists.
enum SharingSubjects {
    static func name(_ kind: SharingSubject, _ id: Int, language: Language, on db: any Database) async throws -> String? {
        switch kind {
        case .organization: try await Organization.find(id, on: db)?.name(language)
        case .case: try await CaseRecord.find(id, on: db).map { "#\(id) \($0.title)" }
        case .bank: try await HashBank.find(id, on: db)?.name
        }
    }

    /// The names of many rules' subjects at once, keyed `kind:id`, for list pages.
    static func names(of rules: [SharingRule], language: Language, on db: any Database) async throws -> [String: String] {
        var names: [String: String] = [:]
        let organizations = Set(rules.filter { $0.subjectKind == .organization }.map(\.subjectID))
        let cases = Set(rules.filter { $0.subjectKind == .case }.map(\.subjectID))
        let banks = Set(rules.filter { $0.subjectKind == .bank }.map(\.subjectID))
        if !organizations.isEmpty {
            for o in try await Organization.query(on: db).filter(\.$id ~~ Array(organizations)).all() {
                names["organization:\(o.id ?? 0)"] = o.name(language)
            }
        }
        if !cases.isEmpty {
            for c in try await CaseRecord.query(on: db).filter(\.$id ~~ Array(cases)).all() {
                names["case:\(c.id ?? 0)"] = "#\(c.id ?? 0) \(c.title)"
            }
        }
        if !banks.isEmpty {
            for b in try await HashBank.query(on: db).filter(\.$id ~~ Array(banks)).all() {
                names["bank:\(b.id ?? 0)"] = b.name
            }
        }
        return names
    }
}
