import Fluent
import KaiguulCore
import Vapor

/// A person's home page: the lists of their role's work, each built through `req.visibility`.
enum Home {
    struct Model: Sendable {
        var role: Role
        var worklists: [Worklist]
        /// Whether the statistics page is open to this role (linked from the home page).
        var dashboard: Bool
    }

    /// The lists of each role, in the order the role works through them. The volunteer's and the
    /// provider's homes are pages of their own (`VolunteerHome`, `BlocklistPage`).
    static func load(for user: CurrentUser, request req: Request) async throws -> Model {
        let seen = req.visibility
        let db = req.db
        let lists: [Worklist?]
        switch user.role {
        case .admin:
            lists = [try await AdminWorklists.awaitingApproval(seen: seen, on: db),
                     try await AdminWorklists.locked(seen: seen, on: db),
                     try await AnalystWorklists.failingSources(seen: seen, on: db)]
        case .analyst:
            lists = [try await AnalystWorklists.triageHead(seen: seen, language: req.language, on: db),
                     try await CaseWorklists.mine(user, seen: seen, on: db),
                     try await BankWorklists.heldHashes(seen: seen, on: db),
                     try await AnalystWorklists.failingSources(seen: seen, on: db)]
        case .expert:
            lists = [try await CaseWorklists.waiting("referred", in: [.referredToExpert], seen: seen, on: db)]
        case .legal:
            lists = [try await CaseWorklists.waiting("awaiting-submission", in: [.expertConfirmed], seen: seen, on: db),
                     try await CaseWorklists.waiting("awaiting-decision", in: [.submittedToCourt], seen: seen, on: db),
                     try await CaseWorklists.waiting("orders", in: [.courtOrdered], seen: seen, on: db),
                     try await LegalWorklists.verificationFailures(seen: seen, on: db)]
        case .coordinator:
            lists = [try await CoordinatorWorklists.groups(seen: seen, on: db),
                     try await CoordinatorWorklists.materialsAwaitingApproval(seen: seen, on: db),
                     try await CoordinatorWorklists.distributionsThisWeek(seen: seen, on: db),
                     try await CoordinatorWorklists.trainingsComing(seen: seen, on: db)]
        case .partner:
            lists = [try await PartnerWorklists.collections(seen: seen, on: db),
                     try await PartnerWorklists.sharedIndicators(seen: seen, language: req.language, on: db),
                     try await PartnerWorklists.organizations(seen: seen, language: req.language, on: db)]
        case .auditor:
            lists = [try await AuditorWorklists.chainStatus(seen: seen, on: db),
                     try await AuditorWorklists.logHead(seen: seen, on: db)]
        case .volunteer, .provider:
            lists = []
        }
        return Model(role: user.role, worklists: lists.compactMap { $0 }, dashboard: seen.sees(.dashboard))
    }
}
