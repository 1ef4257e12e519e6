import Testing
@testable import KaiguulCore

@Suite("Case workflow")
struct CaseWorkflowTests {
    /// The actors the tests try: one person per role, and the system.
    enum Who: Hashable, CustomStringConvertible {
        case role(Role)
        case system

        static let all: [Who] = Role.allCases.map { .role($0) } + [.system]

        /// The expert actor is always the expert the case was referred to (see `completeFacts`).
        var actor: CaseActor {
            switch self {
            case .role(let role): .person(userID: role == .expert ? "expert-1" : "user-\(role.rawValue)", role: role)
            case .system: .system
            }
        }

        var description: String {
            switch self {
            case .role(let role): role.rawValue
            case .system: "system"
            }
        }
    }

    struct Key: Hashable, CustomStringConvertible {
        let state: CaseState
        let action: CaseAction
        let who: Who
        var description: String { "\(state.rawValue) + \(action) by \(who)" }
    }

    /// Every fact a request could need is present, so only role and state decide.
    static let completeFacts = CaseFacts(
        referredExpertID: "expert-1", nomineeRole: .expert, hasConclusionDocument: true,
        hasDecisionDocument: true, decisionNamesTarget: true, hasActiveBlockOrder: true,
        decisionReversesOrder: true, hasGrounds: true, decisionDate: "2025-03-01", today: "2025-03-02",
        submittedOn: "2025-02-01"
    )

    /// The whole machine, written out by hand: (state, action, actor) → new state. Anything not listed
    /// must be refused. A change to the rules must change this table.
    static let allowed: [Key: CaseState] = [
        Key(state: .new, action: .startReview, who: .role(.analyst)): .inReview,
        Key(state: .new, action: .dismiss, who: .role(.analyst)): .dismissed,
        Key(state: .inReview, action: .dismiss, who: .role(.analyst)): .dismissed,
        Key(state: .expertRejected, action: .dismiss, who: .role(.analyst)): .dismissed,
        Key(state: .inReview, action: .referToExpert(expertID: "expert-1"), who: .role(.analyst)): .referredToExpert,
        Key(state: .referredToExpert, action: .withdrawReferral, who: .role(.analyst)): .inReview,
        Key(state: .referredToExpert, action: .recordExpertConclusion(.confirmed), who: .role(.expert)):
            .expertConfirmed,
        Key(state: .referredToExpert, action: .recordExpertConclusion(.rejected), who: .role(.expert)):
            .expertRejected,
        Key(state: .expertConfirmed, action: .submitToCourt, who: .role(.legal)): .submittedToCourt,
        Key(state: .submittedToCourt, action: .recordCourtDecision(.ordered), who: .role(.legal)): .courtOrdered,
        Key(state: .submittedToCourt, action: .recordCourtDecision(.rejected), who: .role(.legal)): .courtRejected,
        Key(state: .courtRejected, action: .appeal, who: .role(.legal)): .submittedToCourt,
        Key(state: .courtOrdered, action: .markBlocked, who: .role(.legal)): .blocked,
        Key(state: .courtOrdered, action: .markBlocked, who: .system): .blocked,
        Key(state: .courtOrdered, action: .liftBlock, who: .role(.legal)): .lifted,
        Key(state: .blocked, action: .liftBlock, who: .role(.legal)): .lifted,
        Key(state: .blocked, action: .reportMirror, who: .role(.analyst)): .blocked,
        Key(state: .dismissed, action: .reopen, who: .role(.analyst)): .inReview,
        Key(state: .courtRejected, action: .reopen, who: .role(.analyst)): .inReview,
    ]

    static let actions = CaseAction.representatives(expertID: "expert-1")

    @Test("every state × action × actor matches the table")
    func exhaustive() {
        var successes = 0
        for state in CaseState.allCases {
            for action in Self.actions {
                for who in Who.all {
                    let key = Key(state: state, action: action, who: who)
                    let result = CaseWorkflow.decide(state: state, action: action, actor: who.actor,
                                                     facts: Self.completeFacts)
                    switch (Self.allowed[key], result) {
                    case (let expected?, .success(let transition)):
                        successes += 1
                        #expect(transition.to == expected, "\(key)")
                        #expect(transition.from == state, "\(key)")
                        #expect(transition.action == action, "\(key)")
                    case (let expected?, .failure(let refusal)):
                        Issue.record("\(key) should reach \(expected.rawValue), was refused: \(refusal.code)")
                    case (nil, .success(let transition)):
                        Issue.record("\(key) should be refused, reached \(transition.to.rawValue)")
                    case (nil, .failure(let refusal)):
                        #expect(refusal == Self.expectedRefusal(for: key), "\(key)")
                    }
                }
            }
        }
        #expect(successes == Self.allowed.count)
        #expect(Self.allowed.count == 19)
    }

    /// With complete facts, a refusal is about the role if the actor may take this action in no state
    /// at all (according to the table), and about the state otherwise. `open` is the analyst's, but
    /// applies to no existing case, so `decide` refuses it by state.
    static func expectedRefusal(for key: Key) -> CaseRefusal {
        let actorMayEver = allowed.keys.contains { $0.action.kind == key.action.kind && $0.who == key.who }
            || (key.action == .open && key.who == .role(.analyst))
        if !actorMayEver { return .notPermitted(role: key.who.actor.role, action: key.action.kind) }
        return .wrongState(from: key.state, action: key.action.kind)
    }

    @Test("admin, auditor and the other non-case roles can do nothing to a case")
    func nonCaseRolesAreRefused() {
        for role in [Role.admin, .auditor, .partner, .provider, .coordinator, .volunteer] {
            for state in CaseState.allCases {
                for action in Self.actions {
                    let result = CaseWorkflow.decide(state: state, action: action,
                                                     actor: .person(userID: "u", role: role), facts: Self.completeFacts)
                    #expect(result == .failure(.notPermitted(role: role, action: action.kind)))
                }
            }
            #expect(CaseWorkflow.open(by: .person(userID: "u", role: role))
                    == .failure(.notPermitted(role: role, action: .open)))
        }
    }

    @Test func onlyAnAnalystOpensACase() {
        #expect(CaseWorkflow.open(by: .person(userID: "a", role: .analyst)) == .success(.new))
        #expect(CaseWorkflow.open(by: .system) == .failure(.notPermitted(role: nil, action: .open)))
        #expect(CaseWorkflow.open(by: .person(userID: "l", role: .legal))
                == .failure(.notPermitted(role: .legal, action: .open)))
    }

    // MARK: - facts

    @Test func onlyTheReferredExpertConcludes() {
        var facts = Self.completeFacts
        let other = CaseActor.person(userID: "expert-2", role: .expert)
        let action = CaseAction.recordExpertConclusion(.confirmed)
        #expect(CaseWorkflow.decide(state: .referredToExpert, action: action, actor: other, facts: facts)
                == .failure(.notReferredToYou))
        facts.referredExpertID = nil
        #expect(CaseWorkflow.decide(state: .referredToExpert, action: action, actor: other, facts: facts)
                == .failure(.notReferredToYou))
        // The check on the referral comes before the state, so another expert learns nothing of it.
        #expect(CaseWorkflow.decide(state: .blocked, action: action, actor: other, facts: Self.completeFacts)
                == .failure(.notReferredToYou))
    }

    @Test func aConclusionNeedsItsDocument() {
        var facts = Self.completeFacts
        facts.hasConclusionDocument = false
        for finding in CaseAction.ExpertFinding.allCases {
            let result = CaseWorkflow.decide(state: .referredToExpert, action: .recordExpertConclusion(finding),
                                             actor: Who.role(.expert).actor, facts: facts)
            #expect(result == .failure(.missingDocument(.expertConclusion)))
        }
    }

    @Test func aCourtDecisionNeedsItsDocument() {
        var facts = Self.completeFacts
        facts.hasDecisionDocument = false
        for outcome in CaseAction.CourtOutcome.allCases {
            let result = CaseWorkflow.decide(state: .submittedToCourt, action: .recordCourtDecision(outcome),
                                             actor: Who.role(.legal).actor, facts: facts)
            #expect(result == .failure(.missingDocument(.courtDecision)))
        }
    }

    @Test func anOrderMustNameTheTargetButARejectionNeedNot() throws {
        var facts = Self.completeFacts
        facts.decisionNamesTarget = false
        let legal = Who.role(.legal).actor
        #expect(CaseWorkflow.decide(state: .submittedToCourt, action: .recordCourtDecision(.ordered),
                                    actor: legal, facts: facts)
                == .failure(.decisionDoesNotNameTarget))
        let rejected = try CaseWorkflow.decide(state: .submittedToCourt, action: .recordCourtDecision(.rejected),
                                               actor: legal, facts: facts).get()
        #expect(rejected.to == .courtRejected)
        #expect(rejected.effects.isEmpty)
    }

    @Test func blockedOnlyWhileAnOrderIsActive() {
        var facts = Self.completeFacts
        facts.hasActiveBlockOrder = false
        for who in [Who.role(.legal), .system] {
            #expect(CaseWorkflow.decide(state: .courtOrdered, action: .markBlocked, actor: who.actor, facts: facts)
                    == .failure(.noActiveBlockOrder))
        }
    }

    @Test func liftingNeedsAReversingDecisionWithItsDocument() {
        let legal = Who.role(.legal).actor
        var facts = Self.completeFacts
        facts.decisionReversesOrder = false
        #expect(CaseWorkflow.decide(state: .blocked, action: .liftBlock, actor: legal, facts: facts)
                == .failure(.noReversingDecision))
        facts.decisionReversesOrder = true
        facts.hasDecisionDocument = false
        #expect(CaseWorkflow.decide(state: .blocked, action: .liftBlock, actor: legal, facts: facts)
                == .failure(.missingDocument(.courtDecision)))
    }

    /// The legal safeguards on a recorded court decision, for every step that records one: (decision
    /// date, today, submitted on, document already used) → refusal, nil when the decision stands.
    static let decisionSafeguards: [(String?, String?, String?, Bool, CaseRefusal?)] = [
        ("2025-03-01", "2025-03-02", "2025-02-01", false, nil),
        ("2025-03-02", "2025-03-02", "2025-03-02", false, nil),
        ("2025-03-02", "2025-03-02", nil, false, nil),
        ("2025-03-03", "2025-03-02", "2025-02-01", false, .decisionDateInFuture),
        ("2026-01-01", "2025-03-02", nil, false, .decisionDateInFuture),
        (nil, "2025-03-02", "2025-02-01", false, .decisionDateInFuture),
        ("2025-03-01", nil, "2025-02-01", false, .decisionDateInFuture),
        ("2025-01-31", "2025-03-02", "2025-02-01", false, .decisionDateBeforeSubmission),
        ("2024-12-31", "2025-03-02", "2025-01-01", false, .decisionDateBeforeSubmission),
        ("2025-03-01", "2025-03-02", "2025-02-01", true, .decisionDocumentUsed),
        ("2025-03-03", "2025-03-02", "2025-02-01", true, .decisionDocumentUsed),
    ]

    @Test("a court decision dated in the future, before the submission, or on a used document is refused")
    func decisionSafeguardsTable() {
        let legal = Who.role(.legal).actor
        let steps: [(CaseState, CaseAction)] = [
            (.submittedToCourt, .recordCourtDecision(.ordered)), (.submittedToCourt, .recordCourtDecision(.rejected)),
            (.courtOrdered, .liftBlock), (.blocked, .liftBlock),
        ]
        for (date, today, submitted, used, refusal) in Self.decisionSafeguards {
            var facts = Self.completeFacts
            facts.decisionDate = date
            facts.today = today
            facts.submittedOn = submitted
            facts.decisionDocumentUsed = used
            for (state, action) in steps {
                let result = CaseWorkflow.decide(state: state, action: action, actor: legal, facts: facts)
                let row = "\(date ?? "nil") today \(today ?? "nil") submitted \(submitted ?? "nil") used \(used) \(action)"
                if let refusal {
                    #expect(result == .failure(refusal), "\(row)")
                } else {
                    #expect((try? result.get()) != nil, "\(row)")
                }
            }
        }
    }

    @Test func stepsWithoutADocumentNeedGrounds() {
        var facts = Self.completeFacts
        facts.hasGrounds = false
        let cases: [(CaseState, CaseAction, Who)] = [
            (.inReview, .dismiss, .role(.analyst)),
            (.referredToExpert, .withdrawReferral, .role(.analyst)),
            (.courtRejected, .appeal, .role(.legal)),
            (.dismissed, .reopen, .role(.analyst)),
        ]
        for (state, action, who) in cases {
            #expect(CaseWorkflow.decide(state: state, action: action, actor: who.actor, facts: facts)
                    == .failure(.missingGrounds), "\(action)")
        }
        // Steps that rest on their own record do not ask for grounds.
        #expect((try? CaseWorkflow.decide(state: .new, action: .startReview, actor: Who.role(.analyst).actor,
                                          facts: facts).get().to) == .inReview)
    }

    @Test func aReferralMustNameAnExpert() {
        let analyst = Who.role(.analyst).actor
        for nominee in [nil, Role.analyst, .admin, .legal] {
            var facts = Self.completeFacts
            facts.nomineeRole = nominee
            #expect(CaseWorkflow.decide(state: .inReview, action: .referToExpert(expertID: "x"), actor: analyst,
                                        facts: facts)
                    == .failure(.nomineeNotExpert))
        }
    }

    @Test func theRoleIsCheckedBeforeTheState() {
        // A volunteer asking for a court decision on a new case is told about the role, not the state.
        #expect(CaseWorkflow.decide(state: .new, action: .recordCourtDecision(.ordered),
                                    actor: Who.role(.volunteer).actor, facts: CaseFacts())
                == .failure(.notPermitted(role: .volunteer, action: .recordCourtDecision)))
        // Legal on the wrong state hears about the state even with no facts at all.
        #expect(CaseWorkflow.decide(state: .new, action: .recordCourtDecision(.ordered),
                                    actor: Who.role(.legal).actor, facts: CaseFacts())
                == .failure(.wrongState(from: .new, action: .recordCourtDecision)))
    }

    // MARK: - effects and paths

    @Test func effectsTellTheCallerWhatElseToWrite() throws {
        let legal = Who.role(.legal).actor
        let analyst = Who.role(.analyst).actor
        let facts = Self.completeFacts
        let ordered = try CaseWorkflow.decide(state: .submittedToCourt, action: .recordCourtDecision(.ordered),
                                              actor: legal, facts: facts).get()
        #expect(ordered.effects == [.issueBlockOrders])
        let lifted = try CaseWorkflow.decide(state: .blocked, action: .liftBlock, actor: legal, facts: facts).get()
        #expect(lifted.effects == [.liftBlockOrders])
        let mirror = try CaseWorkflow.decide(state: .blocked, action: .reportMirror, actor: analyst,
                                             facts: facts).get()
        #expect(mirror.to == .blocked)
        #expect(mirror.effects == [.openLinkedCase])
        let withdrawn = try CaseWorkflow.decide(state: .referredToExpert, action: .withdrawReferral,
                                                actor: analyst, facts: facts).get()
        #expect(withdrawn.effects == [.clearReferral])
        let blocked = try CaseWorkflow.decide(state: .courtOrdered, action: .markBlocked, actor: .system,
                                              facts: facts).get()
        #expect(blocked.effects.isEmpty)
    }

    @Test("the path from finding to lifted block, with only the facts each step needs")
    func happyPath() throws {
        let analyst = CaseActor.person(userID: "a1", role: .analyst)
        let expert = CaseActor.person(userID: "e7", role: .expert)
        let legal = CaseActor.person(userID: "l1", role: .legal)
        var state = try CaseWorkflow.open(by: analyst).get()
        let steps: [(CaseAction, CaseActor, CaseFacts, CaseState)] = [
            (.startReview, analyst, CaseFacts(), .inReview),
            (.referToExpert(expertID: "e7"), analyst, CaseFacts(nomineeRole: .expert), .referredToExpert),
            (.recordExpertConclusion(.confirmed), expert,
             CaseFacts(referredExpertID: "e7", hasConclusionDocument: true), .expertConfirmed),
            (.submitToCourt, legal, CaseFacts(referredExpertID: "e7"), .submittedToCourt),
            (.recordCourtDecision(.ordered), legal,
             CaseFacts(hasDecisionDocument: true, decisionNamesTarget: true, decisionDate: "2025-02-03",
                       today: "2025-02-03", submittedOn: "2025-02-03"),
             .courtOrdered),
            (.markBlocked, .system, CaseFacts(hasActiveBlockOrder: true), .blocked),
            (.reportMirror, analyst, CaseFacts(), .blocked),
            (.liftBlock, legal, CaseFacts(hasDecisionDocument: true, decisionReversesOrder: true,
                                          decisionDate: "2025-04-01", today: "2025-04-02"), .lifted),
        ]
        for (action, actor, facts, expected) in steps {
            state = try CaseWorkflow.decide(state: state, action: action, actor: actor, facts: facts).get().to
            #expect(state == expected)
        }
    }

    @Test("every state can be reached from new")
    func everyStateIsReachable() {
        var reached: Set<CaseState> = [.new]
        var frontier: [CaseState] = [.new]
        while let state = frontier.popLast() {
            for (key, next) in Self.allowed where key.state == state && !reached.contains(next) {
                reached.insert(next)
                frontier.append(next)
            }
        }
        #expect(reached == Set(CaseState.allCases))
    }

    @Test func availableActionsAreTheButtonsToShow() {
        let facts = CaseFacts(referredExpertID: "e1")
        #expect(CaseWorkflow.availableActions(state: .inReview, actor: .person(userID: "a", role: .analyst),
                                              facts: facts)
                == [.dismiss, .referToExpert])
        #expect(CaseWorkflow.availableActions(state: .referredToExpert, actor: .person(userID: "e1", role: .expert),
                                              facts: facts)
                == [.recordExpertConclusion])
        #expect(CaseWorkflow.availableActions(state: .referredToExpert, actor: .person(userID: "e2", role: .expert),
                                              facts: facts)
                .isEmpty)
        #expect(CaseWorkflow.availableActions(state: .blocked, actor: .person(userID: "l", role: .legal), facts: facts)
                == [.liftBlock])
        #expect(CaseWorkflow.availableActions(state: .lifted, actor: .person(userID: "a", role: .analyst),
                                              facts: facts)
                .isEmpty)
        #expect(CaseWorkflow.availableActions(state: .courtOrdered, actor: .person(userID: "x", role: .admin),
                                              facts: facts)
                .isEmpty)
    }

    @Test("refusal codes and categories are stable API")
    func refusalCodes() {
        let expected: [(CaseRefusal, String, CaseRefusal.Category)] = [
            (.notPermitted(role: .admin, action: .dismiss), "not_permitted", .forbidden),
            (.wrongState(from: .new, action: .liftBlock), "wrong_state", .conflict),
            (.missingDocument(.expertConclusion), "missing_document.expert_conclusion", .unprocessable),
            (.missingDocument(.courtDecision), "missing_document.court_decision", .unprocessable),
            (.decisionDoesNotNameTarget, "decision_does_not_name_target", .unprocessable),
            (.notReferredToYou, "not_referred_to_you", .hidden),
            (.nomineeNotExpert, "nominee_not_expert", .unprocessable),
            (.noActiveBlockOrder, "no_active_block_order", .conflict),
            (.noReversingDecision, "no_reversing_decision", .unprocessable),
            (.missingGrounds, "missing_grounds", .unprocessable),
            (.decisionDateInFuture, "decision_date_in_future", .unprocessable),
            (.decisionDateBeforeSubmission, "decision_date_before_submission", .unprocessable),
            (.decisionDocumentUsed, "decision_document_used", .unprocessable),
        ]
        for (refusal, code, category) in expected {
            #expect(refusal.code == code)
            #expect(refusal.category == category)
        }
    }

    @Test func actionKindNamesAreStable() {
        #expect(CaseAction.Kind.allCases.map(\.rawValue) == [
            "open", "start_review", "dismiss", "refer_to_expert", "withdraw_referral", "record_expert_conclusion",
            "submit_to_court", "record_court_decision", "appeal", "mark_blocked", "lift_block", "report_mirror",
            "reopen",
        ])
        #expect(Set(Self.actions.map(\.kind)) == Set(CaseAction.Kind.allCases))
    }
}
