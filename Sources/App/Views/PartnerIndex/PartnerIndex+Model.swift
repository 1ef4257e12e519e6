import Fluent
import KaiguulCore
import Vapor

/// The partners page: every partner with its accounts and how many active rules name it; for an
/// admin, the forms to add a partner, switch one off and on, and attach partner accounts.
enum PartnerIndex {
    struct Model: Sendable {
        var partners: [Row]
        /// Partner-role accounts, for the attach form (an account already attached moves).
        var partnerAccounts: [Account]
        var canManage: Bool
        var canSeeRules: Bool
        var csrf: String
        var values: [String: String]
        var errors: [String: AppError]
    }

    struct Row: Sendable {
        var id: Int
        var name: String
        var kind: String
        var contact: String?
        var disabled: Bool
        var accounts: [Account]
        var activeRules: Int
    }

    struct Account: Sendable {
        var id: Int
        var username: String
        var displayName: String
        var partnerID: Int?
    }

    static func load(_ req: Request, values: [String: String], errors: [String: AppError]) async throws -> Model {
        let db = req.db
        let partners = try await Partner.query(on: db).sort(\.$name).limit(1000).all()
        let accounts = try await User.query(on: db).filter(\.$roleRaw == Role.partner.rawValue).sort(\.$username)
            .limit(1000).all()
            .compactMap { u in u.id.map { Account(id: $0, username: u.username, displayName: u.displayName, partnerID: u.partnerID) } }
        let rules = try await SharingRule.query(on: db).filter(\.$revokedAt == nil).all()
        let rows = partners.compactMap { p -> Row? in
            guard let id = p.id else { return nil }
            return Row(id: id, name: p.name, kind: p.kind, contact: p.contact, disabled: p.disabledAt != nil,
                       accounts: accounts.filter { $0.partnerID == id },
                       activeRules: rules.filter { $0.partnerID == id && $0.isActive }.count)
        }
        return Model(partners: rows, partnerAccounts: accounts, canManage: req.can(.update, .user),
                     canSeeRules: req.can(.view, .sharingRule), csrf: CSRFMiddleware.token(for: req),
                     values: values, errors: errors)
    }

    /// Only the kinds the page translates reach a key.
    static func kind(_ raw: String) -> String {
        PartnerKind(rawValue: raw)?.rawValue ?? PartnerKind.ngo.rawValue
    }
}
