import KaiguulCore
import Testing

/// Issue 13, point 4: an admin records no step of a case. One rule (`CaseWorkflow.neverActs`),
/// checked here as a table over every role, every action and every state.
@Suite("An admin records no case step") struct AdminNeverActsTableTests {
    static let mayWrite: [(Role, Bool)] = [
        (.admin, false), (.analyst, true), (.expert, true), (.legal, true), (.coordinator, true),
        (.volunteer, true), (.partner, true), (.auditor, true), (.provider, true),
    ]

    @Test func theTableNamesEveryRole() {
        #expect(Set(Self.mayWrite.map(\.0)) == Set(Role.allCases))
        for (role, expected) in Self.mayWrite {
            #expect(CaseWorkflow.mayWrite(role: role) == expected, "\(role)")
        }
        #expect(CaseWorkflow.mayWrite(role: nil), "the system actor writes within its own rules")
    }

    @Test func noActionInAnyStateIsOpenToARoleThatNeverActs() {
        let facts = CaseFacts(referredExpertID: "u", nomineeRole: .expert, hasConclusionDocument: true,
                              hasDecisionDocument: true, decisionNamesTarget: true, hasActiveBlockOrder: true,
                              decisionReversesOrder: true, hasGrounds: true, decisionDate: "2026-01-02",
                              today: "2026-01-03", submittedOn: "2026-01-01")
        for role in CaseWorkflow.neverActs {
            let actor = CaseActor.person(userID: "u", role: role)
            #expect(CaseWorkflow.open(by: actor) == .failure(.notPermitted(role: role, action: .open)))
            for state in CaseState.allCases {
                #expect(CaseWorkflow.availableActions(state: state, actor: actor, facts: facts).isEmpty)
                for action in CaseAction.representatives(expertID: "u") {
                    let result = CaseWorkflow.decide(state: state, action: action, actor: actor, facts: facts)
                    #expect(result == .failure(.notPermitted(role: role, action: action.kind)), "\(state) \(action)")
                }
            }
        }
        #expect(CaseWorkflow.neverActs.contains(.admin))
    }
}
