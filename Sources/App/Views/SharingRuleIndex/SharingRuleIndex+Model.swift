import Fluent
import KaiguulCore
import Vapor

/// The sharing rules page: every rule (active first, then revoked, newest first) with its partner,
/// subject, TLP level and TAXII collection; for legal officers and admins, the form to add one.
enum SharingRuleIndex {
    struct Model: Sendable {
        var rules: [Row]
        /// Enabled partners, for the form.
        var partners: [(id: Int, name: String)]
        /// Subjects the form offers by name: organisations and banks (`kind:id`); cases by number.
        var subjects: [(value: String, label: String)]
        var canCreate: Bool
        var canRevoke: Bool
        var canSeePartners: Bool
        var csrf: String
        var values: [String: String]
        var errors: [String: AppError]
    }

    struct Row: Sendable {
        var id: Int
        var title: String
        var partner: String
        var subjectKind: String
        var subjectID: Int
        var subjectName: String?
        var tlp: TLPLevel?
        var collectionID: String
        var note: String?
        var createdAt: Date
        var createdBy: String?
        var revokedAt: Date?
    }

    static func load(_ req: Request, values: [String: String], errors: [String: AppError]) async throws -> Model {
        let db = req.db
        let rules = try await SharingRule.query(on: db).sort(\.$id, .descending).limit(1000).all()
        let partners = try await Partner.query(on: db).sort(\.$name).all()
        let names = try await SharingSubjects.names(of: rules, language: req.language, on: db)
        let people = Set(rules.compactMap(\.createdBy))
        var usernames: [Int: String] = [:]
        if !people.isEmpty {
            for u in try await User.query(on: db).filter(\.$id ~~ Array(people)).all() {
                if let id = u.id { usernames[id] = u.username }
            }
        }
        let byID = Dictionary(partners.compactMap { p in p.id.map { ($0, p.name) } }, uniquingKeysWith: { a, _ in a })
        let rows = rules.compactMap { r -> Row? in
            guard let id = r.id else { return nil }
            return Row(id: id, title: r.title, partner: byID[r.partnerID] ?? "#\(r.partnerID)",
                       subjectKind: r.subjectKindRaw, subjectID: r.subjectID,
                       subjectName: names["\(r.subjectKindRaw):\(r.subjectID)"], tlp: r.tlp,
                       collectionID: r.collectionID, note: r.note, createdAt: r.createdAt,
                       createdBy: r.createdBy.flatMap { usernames[$0] }, revokedAt: r.revokedAt)
        }
        // Active rules first: they are what leaves today.
        let ordered = rows.filter { $0.revokedAt == nil } + rows.filter { $0.revokedAt != nil }
        let canCreate = req.can(.create, .sharingRule)
        var subjects: [(value: String, label: String)] = []
        if canCreate {
            let t = req.t
            for o in try await Organization.query(on: db).sort(\.$id).limit(1000).all() {
                subjects.append(("organization:\(o.id ?? 0)", t("sharing.subject.organization") + ": " + o.name(req.language)))
            }
            for b in try await HashBank.query(on: db).sort(\.$id).limit(1000).all() {
                subjects.append(("bank:\(b.id ?? 0)", t("sharing.subject.bank") + ": " + b.name))
            }
            subjects.append((SharingSubject.case.rawValue, t("sharing.subject.case_by_number")))
        }
        return Model(rules: ordered,
                     partners: partners.filter { $0.disabledAt == nil }.compactMap { p in p.id.map { ($0, p.name) } },
                     subjects: subjects, canCreate: canCreate, canRevoke: req.can(.delete, .sharingRule),
                     canSeePartners: req.can(.view, .sharingRule), csrf: CSRFMiddleware.token(for: req),
                     values: values, errors: errors)
    }

    /// Only subject kinds the page translates reach a key.
    static func subjectKind(_ raw: String) -> String {
        SharingSubject(rawValue: raw)?.rawValue ?? SharingSubject.organization.rawValue
    }

    /// Where a subject's own page is, for viewers who may open it.
    static func subjectLink(_ row: Row, request: Request) -> String? {
        switch SharingSubject(rawValue: row.subjectKind) {
        case .organization: request.can(.view, .organization) ? "/organizations/\(row.subjectID)" : nil
        case .case: request.can(.view, .case) ? "/cases/\(row.subjectID)" : nil
        case .bank, .none: nil
        }
    }
}
