/// What can be done, to what. Kept deliberately coarse: one row per thing a person can do in the
/// programme. Finer rules (which case, which tip) are scopes, applied by the queries.
public enum Resource: String, CaseIterable, Codable, Sendable, Hashable {
    case dashboard
    case organization
    case region
    case source
    case indicator
    case bannedMaterial = "banned_material"
    case capture
    case item
    /// The queue of findings (items and tips with signals) waiting for an analyst's decision.
    case triage
    case `case`
    case document
    case expertConclusion = "expert_conclusion"
    case courtDecision = "court_decision"
    case blockOrder = "block_order"
    case blocklist
    case tip
    case volunteer
    case volunteerGroup = "volunteer_group"
    case training
    case counterMaterial = "counter_material"
    case distribution
    case report
    case user
    case apiToken = "api_token"
    case auditLog = "audit_log"
    /// What may leave for which partner, at which TLP level (organisation, case or bank).
    case sharingRule = "sharing_rule"
    /// Hash banks: imported hash lists, their settings, quarantine and match feedback.
    case hashBank = "hash_bank"
    /// Measurement probes in providers' and volunteers' networks, their measurements and the
    /// networks table; the per-provider compliance pages.
    case probe
    /// The knowledge base of banned organisations: versioned entries (ideology, recruitment, symbols,
    /// phrases, counter-materials, sources) that staff write and a legal officer approves. Volunteers
    /// view approved versions only (App narrows the rows).
    case knowledge
    /// What Kaiguul holds about one person (a volunteer, a tip's sender): `view` opens a full contact
    /// or a person's data page (lists show contacts masked), `update` asks for a record's erasure
    /// (a volunteer: their own), `delete` confirms an erasure, `export` asks for a list of volunteers
    /// with their contacts, `approve` lets such a list be downloaded.
    case personalData = "personal_data"
}

public enum Action: String, CaseIterable, Codable, Sendable, Hashable {
    case view
    case create
    case update
    case delete
    case approve
    case export
}

/// How far an allowed action reaches. `.own` means only rows the actor created (a volunteer's
/// tips, a user's tokens); `.assigned` means only rows referred to the actor (an expert's cases).
public enum Scope: String, Codable, Sendable, Hashable, Comparable {
    case own
    case assigned
    case all

    private var rank: Int {
        switch self {
        case .own: 0
        case .assigned: 1
        case .all: 2
        }
    }

    public static func < (lhs: Scope, rhs: Scope) -> Bool { lhs.rank < rhs.rank }
}

public enum Decision: Equatable, Sendable, CustomStringConvertible {
    case allow(Scope)
    case deny

    public var isAllowed: Bool { self != .deny }

    public var description: String {
        switch self {
        case .allow(let scope): scope.rawValue
        case .deny: "-"
        }
    }
}

/// The one place where a role's rights are decided. The server calls this before every read and
/// write; the interface only hides what this function would refuse anyway.
///
/// Due process shapes the table: an admin manages accounts and registries but cannot move cases,
/// record expert conclusions or court decisions; only `expert` records conclusions and only
/// `legal` records court decisions and block orders.
public enum Permissions {
    public static func decide(role: Role, action: Action, resource: Resource) -> Decision {
        guard let granted = grants[role]?[resource] else { return .deny }
        if let scope = granted[action] { return .allow(scope) }
        return .deny
    }

    /// Everything a role may do, for building navigation and for the permission-table test.
    public static func allowed(role: Role) -> [(Resource, Action, Scope)] {
        Resource.allCases.flatMap { resource in
            Action.allCases.compactMap { action in
                if case .allow(let scope) = decide(role: role, action: action, resource: resource) {
                    return (resource, action, scope)
                }
                return nil
            }
        }
    }

    private typealias Grants = [Resource: [Action: Scope]]

    private static let read: [Action: Scope] = [.view: .all]
    private static let crud: [Action: Scope] = [.view: .all, .create: .all, .update: .all, .delete: .all]

    private static let grants: [Role: Grants] = [
        .admin: [
            .dashboard: read, .organization: crud, .region: [.view: .all, .update: .all], .source: crud,
            .indicator: crud, .bannedMaterial: crud, .capture: read, .item: read, .triage: read, .case: read,
            .document: read, .courtDecision: read, .blockOrder: read, .blocklist: [.view: .all, .export: .all],
            .tip: read, .volunteer: crud, .volunteerGroup: crud, .training: crud, .counterMaterial: read,
            .distribution: read, .report: [.view: .all, .export: .all], .user: crud,
            .apiToken: [.view: .all, .create: .own, .delete: .all], .auditLog: read,
            .sharingRule: crud, .hashBank: [.view: .all, .create: .all, .update: .all, .delete: .all, .export: .all],
            .probe: crud, .knowledge: [.view: .all, .create: .all, .update: .all, .delete: .all],
            .personalData: [.view: .all, .update: .all, .delete: .all, .approve: .all, .export: .all],
        ],
        .analyst: [
            .dashboard: read, .organization: crud, .region: read, .source: crud, .indicator: crud,
            .bannedMaterial: crud, .capture: [.view: .all, .create: .all], .item: [.view: .all, .update: .all],
            .triage: [.view: .all, .update: .all], .case: [.view: .all, .create: .all, .update: .all],
            .document: [.view: .all, .create: .all],
            .expertConclusion: read, .courtDecision: read, .blockOrder: read, .blocklist: read,
            .tip: [.view: .all, .update: .all], .report: [.view: .all, .export: .all],
            .apiToken: [.view: .own, .create: .own, .delete: .own],
            .sharingRule: read, .hashBank: [.view: .all, .create: .all, .update: .all, .export: .all],
            .probe: read, .knowledge: [.view: .all, .create: .all, .update: .all],
        ],
        .expert: [
            .dashboard: read, .organization: read, .region: read, .capture: [.view: .assigned],
            .item: [.view: .assigned], .case: [.view: .assigned, .update: .assigned],
            .document: [.view: .assigned, .create: .assigned],
            .expertConclusion: [.view: .assigned, .create: .assigned],
            .apiToken: [.view: .own, .create: .own, .delete: .own], .knowledge: read,
        ],
        .legal: [
            .dashboard: read, .organization: read, .region: read, .source: read,
            // A legal officer opens the captures and items of cases (any case), not the whole crawl.
            .capture: [.view: .assigned], .item: [.view: .assigned], .case: [.view: .all, .update: .all],
            .document: [.view: .all, .create: .all],
            .expertConclusion: read, .courtDecision: [.view: .all, .create: .all, .update: .all],
            .blockOrder: [.view: .all, .create: .all, .update: .all], .blocklist: [.view: .all, .export: .all],
            .report: [.view: .all, .export: .all], .apiToken: [.view: .own, .create: .own, .delete: .own],
            .sharingRule: crud, .hashBank: read, .probe: read,
            // Approves each version of a knowledge-base entry; writing them is the analysts' work.
            .knowledge: [.view: .all, .approve: .all],
        ],
        .coordinator: [
            .dashboard: read, .region: read, .tip: [.view: .all, .create: .all], .volunteer: crud,
            .volunteerGroup: crud, .training: crud,
            .counterMaterial: [.view: .all, .create: .all, .update: .all, .approve: .all],
            .distribution: [.view: .all, .create: .all, .update: .all], .report: [.view: .all, .export: .all],
            .apiToken: [.view: .own, .create: .own, .delete: .own], .knowledge: read,
            // A coordinator confirms erasures; a list of volunteers with contacts also needs an admin.
            .personalData: [.view: .all, .update: .all, .delete: .all, .export: .all],
        ],
        .volunteer: [
            .region: read, .tip: [.view: .own, .create: .own], .counterMaterial: read,
            .distribution: [.view: .own, .update: .own], .knowledge: read,
            // Their own data: download it, ask for its erasure.
            .personalData: [.view: .own, .update: .own],
        ],
        .partner: [
            .organization: read, .indicator: [.view: .all, .export: .all],
            .bannedMaterial: [.view: .all, .export: .all],
            .apiToken: [.view: .own, .create: .own, .delete: .own],
        ],
        .auditor: [
            .dashboard: read, .organization: read, .region: read, .source: read, .indicator: read,
            .bannedMaterial: read, .capture: read, .item: read, .triage: read, .case: read, .document: read,
            .expertConclusion: read, .courtDecision: read, .blockOrder: read, .blocklist: read, .tip: read,
            .volunteer: read, .volunteerGroup: read, .training: read, .counterMaterial: read,
            .distribution: read, .report: [.view: .all, .export: .all], .user: read, .apiToken: read,
            .auditLog: [.view: .all, .export: .all], .sharingRule: read, .hashBank: read,
            .probe: read, .knowledge: read,
        ],
        .provider: [
            .blocklist: [.view: .all, .export: .all],
            .apiToken: [.view: .own, .create: .own, .delete: .own],
        ],
    ]
}
