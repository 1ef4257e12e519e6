import Testing

@testable import KaiguulCore

/// The whole permission table, written out: every role against every action on every resource.
/// A change to `Permissions` that is not also made here fails, so rights never change by accident.
///
/// Each cell holds six letters, one per action in the order view, create, update, delete,
/// approve, export: `A` allowed on all rows, `s` allowed on rows assigned to the actor,
/// `o` allowed on the actor's own rows, `-` denied. Captures and items `s`: only those a case the
/// reader may see holds (`EvidenceScope` in App).
@Suite("Permission table") struct PermissionTableTests {
    static let roles: [Role] = [.admin, .analyst, .expert, .legal, .coordinator, .volunteer, .partner, .auditor, .provider]

    //  resource          admin   analyst expert  legal   coord.  volunt. partner auditor provider
    static let table: [String] = [
        "dashboard          A-----     A-----     A-----     A-----     A-----     ------     ------     A-----     ------",
        "organization       AAAA--     AAAA--     A-----     A-----     ------     ------     A-----     A-----     ------",
        "region             A-A---     A-----     A-----     A-----     A-----     A-----     ------     A-----     ------",
        "source             AAAA--     AAAA--     ------     A-----     ------     ------     ------     A-----     ------",
        "indicator          AAAA--     AAAA--     ------     ------     ------     ------     A----A     A-----     ------",
        "banned_material    AAAA--     AAAA--     ------     ------     ------     ------     A----A     A-----     ------",
        "capture            A-----     AA----     s-----     s-----     ------     ------     ------     A-----     ------",
        "item               A-----     A-A---     s-----     s-----     ------     ------     ------     A-----     ------",
        "triage             A-----     A-A---     ------     ------     ------     ------     ------     A-----     ------",
        "case               A-----     AAA---     s-s---     A-A---     ------     ------     ------     A-----     ------",
        "document           A-----     AA----     ss----     AA----     ------     ------     ------     A-----     ------",
        "expert_conclusion  ------     A-----     ss----     A-----     ------     ------     ------     A-----     ------",
        "court_decision     A-----     A-----     ------     AAA---     ------     ------     ------     A-----     ------",
        "block_order        A-----     A-----     ------     AAA---     ------     ------     ------     A-----     ------",
        "blocklist          A----A     A-----     ------     A----A     ------     ------     ------     A-----     A----A",
        "tip                A-----     A-A---     ------     ------     AA----     oo----     ------     A-----     ------",
        "volunteer          AAAA--     ------     ------     ------     AAAA--     ------     ------     A-----     ------",
        "volunteer_group    AAAA--     ------     ------     ------     AAAA--     ------     ------     A-----     ------",
        "training           AAAA--     ------     ------     ------     AAAA--     ------     ------     A-----     ------",
        "counter_material   A-----     ------     ------     ------     AAA-A-     A-----     ------     A-----     ------",
        "distribution       A-----     ------     ------     ------     AAA---     o-o---     ------     A-----     ------",
        "report             A----A     A----A     ------     A----A     A----A     ------     ------     A----A     ------",
        "user               AAAA--     ------     ------     ------     ------     ------     ------     A-----     ------",
        "api_token          Ao-A--     oo-o--     oo-o--     oo-o--     oo-o--     ------     oo-o--     A-----     oo-o--",
        "audit_log          A-----     ------     ------     ------     ------     ------     ------     A----A     ------",
        "sharing_rule       AAAA--     A-----     ------     AAAA--     ------     ------     ------     A-----     ------",
        "hash_bank          AAAA-A     AAA--A     ------     A-----     ------     ------     ------     A-----     ------",
        "probe              AAAA--     A-----     ------     A-----     ------     ------     ------     A-----     ------",
        "knowledge          AAAA--     AAA---     A-----     A---A-     A-----     A-----     ------     A-----     ------",
        "personal_data      A-AAAA     ------     ------     ------     A-AA-A     o-o---     ------     ------     ------",
    ]

    static func expected() -> [Resource: [Role: String]] {
        var out: [Resource: [Role: String]] = [:]
        for line in table {
            let parts = line.split(separator: " ").map(String.init)
            guard let resource = Resource(rawValue: parts[0]) else { continue }
            var cells: [Role: String] = [:]
            for (i, role) in roles.enumerated() { cells[role] = parts[i + 1] }
            out[resource] = cells
        }
        return out
    }

    static func letter(_ decision: Decision) -> Character {
        switch decision {
        case .deny: "-"
        case .allow(.own): "o"
        case .allow(.assigned): "s"
        case .allow(.all): "A"
        }
    }

    @Test func tableCoversEveryRoleAndResource() {
        let expected = Self.expected()
        #expect(Set(expected.keys) == Set(Resource.allCases))
        #expect(Set(Self.roles) == Set(Role.allCases))
        #expect(Action.allCases == [.view, .create, .update, .delete, .approve, .export])
    }

    @Test(arguments: Role.allCases)
    func everyDecisionMatchesTheTable(role: Role) {
        let expected = Self.expected()
        for resource in Resource.allCases {
            let cell = Array(expected[resource]?[role] ?? "")
            #expect(cell.count == Action.allCases.count, "cell for \(resource) × \(role)")
            for (i, action) in Action.allCases.enumerated() where i < cell.count {
                let got = Self.letter(Permissions.decide(role: role, action: action, resource: resource))
                #expect(got == cell[i], "\(role.rawValue) \(action.rawValue) \(resource.rawValue)")
            }
        }
    }

    /// Due process, stated directly rather than only through the table.
    @Test func dueProcessRules() {
        for role in Role.allCases {
            let conclusion = Permissions.decide(role: role, action: .create, resource: .expertConclusion)
            #expect(conclusion.isAllowed == (role == .expert), "\(role) records conclusions")
            let decision = Permissions.decide(role: role, action: .create, resource: .courtDecision)
            #expect(decision.isAllowed == (role == .legal), "\(role) records court decisions")
            let order = Permissions.decide(role: role, action: .create, resource: .blockOrder)
            #expect(order.isAllowed == (role == .legal), "\(role) issues block orders")
            let auditWrite = Action.allCases.filter { $0 != .view && $0 != .export }
                .contains { Permissions.decide(role: role, action: $0, resource: .auditLog).isAllowed }
            #expect(!auditWrite, "nobody writes the audit log by hand")
        }
        #expect(Permissions.decide(role: .expert, action: .view, resource: .case) == .allow(.assigned))
        #expect(Permissions.decide(role: .volunteer, action: .view, resource: .tip) == .allow(.own))
        #expect(Permissions.decide(role: .provider, action: .export, resource: .blocklist) == .allow(.all))
        #expect(Permissions.decide(role: .provider, action: .view, resource: .case) == .deny)
    }

    @Test func auditorReadsEverythingAndWritesNothing() {
        for resource in Resource.allCases {
            // People's data is the one exception: an auditor sees volunteers with masked contacts and
            // checks what was done with them in the audit log, never a whole contact.
            let expected: Decision = resource == .personalData ? .deny : .allow(.all)
            #expect(Permissions.decide(role: .auditor, action: .view, resource: resource) == expected)
            for action in [Action.create, .update, .delete, .approve] {
                #expect(Permissions.decide(role: .auditor, action: action, resource: resource) == .deny)
            }
        }
    }
}
