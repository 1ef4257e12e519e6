import Fluent
import KaiguulCore
import Vapor

extension DemoData {
    /// The fictional demo records of the cases area: a case in every state, blocked sites (one with a
    /// Cyrillic name), an account-level order on a shared platform, a lifted block and a mirror. Every
    /// step goes through `CaseStore`, so the demo's history is what real use would write.
    static func seedCases(app: Application) async throws {
        guard try await CaseRecord.query(on: app.db).count() == 0 else { return }
        let people = try await CaseFixtures.people(app: app, analyst: "analyst", expert: "expert", legal: "legal")
        let orgs = try await Organization.query(on: app.db).sort(\.$id).all().compactMap(\.id)
        let regions = try await Region.query(on: app.db).sort(\.$id).all().compactMap(\.id)
        let court = "Первомайский районный суд г. Бишкек (демо)"

        let plan: [(String, String, CaseState)] = [
            ("Kara Tuman news site", "kara-tuman.example", .blocked),
            ("Green Wind site (Cyrillic address)", "жашыл-шамал.example", .blocked),
            ("Kara Tuman Telegram channel", "https://t.me/kara_tuman_demo", .blocked),
            ("Night Wayfarers video page", "https://www.youtube.com/@night-wayfarers-demo", .courtOrdered),
            ("Night Wayfarers forum", "night-wayfarers.example", .blocked),
            ("Green Wind VK page", "https://vk.com/green_wind_demo", .submittedToCourt),
            ("Kara Tuman mirror candidate", "kara-tuman-news.example", .expertConfirmed),
            ("Anonymous leaflet site", "leaflets-demo.example", .referredToExpert),
            ("Reposted slogans blog", "slogans-blog.example", .inReview),
            ("Tip: suspicious channel", "@suspicious_demo_channel", .new),
        ]
        var ids: [String: Int] = [:]
        for (i, item) in plan.enumerated() {
            let input = try CaseInput.validate(.init(
                title: item.0 + " (demo)", target: item.1,
                region_id: regions.isEmpty ? nil : String(regions[i % regions.count]),
                organization_id: orgs.isEmpty ? nil : String(orgs[i % orgs.count]),
                evidence_url: item.1.hasPrefix("http") ? item.1 : "https://\(item.1)/",
                note: "Fictional evidence for the demo."))
            let id = try await CaseStore.open(input, actor: people.analyst, app: app)
            ids[item.1] = id
            try await CaseFixtures.advance(caseID: id, target: input.target, to: item.2, people: people, app: app,
                                           court: court, number: "ДЕМО-2025-\(100 + i)")
        }
        // One block lifted by a reversing decision.
        if let id = ids["night-wayfarers.example"] { try await CaseFixtures.lift(caseID: id, people: people, app: app) }
        // A mirror of a blocked site, opened as a linked case.
        if let id = ids["kara-tuman.example"] {
            let mirror = try TransitionRequest.validate(.init(action: "report_mirror", grounds: "Same content (demo)",
                                                              mirror_target: "kara-tuman-mirror.example"))
            _ = try await CaseStore.transition(caseID: id, mirror, actor: people.analyst, app: app)
        }
        // The ends that are not blocks: expert rejected, court rejected, dismissed.
        let ends: [(String, String, String)] = [
            ("Satire page mistaken for propaganda", "satire-demo.example", "expert_rejected"),
            ("Archive of a closed forum", "closed-forum-demo.example", "court_rejected"),
            ("Duplicate report", "duplicate-demo.example", "dismissed"),
        ]
        for end in ends {
            let input = try CaseInput.validate(.init(title: end.0 + " (demo)", target: end.1))
            let id = try await CaseStore.open(input, actor: people.analyst, app: app)
            switch end.2 {
            case "dismissed":
                try await step(id, .init(action: "dismiss", grounds: "Already covered by another case (demo)"),
                               people.analyst, app)
            case "expert_rejected":
                try await CaseFixtures.advance(caseID: id, target: input.target, to: .referredToExpert, people: people,
                                               app: app)
                let doc = try await DocumentStore.store(CaseFixtures.pdf("rejected \(id)"), filename: "conclusion.pdf",
                                                        kind: .expertConclusion, caseID: id, actor: people.expert,
                                                        app: app)
                try await step(id, .init(action: "record_expert_conclusion", grounds: "Satire, not propaganda (demo)",
                                         document_id: String(doc.id), finding: "rejected"), people.expert, app)
            default:
                try await CaseFixtures.advance(caseID: id, target: input.target, to: .submittedToCourt, people: people,
                                               app: app)
                let doc = try await DocumentStore.store(CaseFixtures.pdf("court rejected \(id)"),
                                                        filename: "decision.pdf", kind: .courtDecision, caseID: id,
                                                        actor: people.legal, app: app)
                try await step(id, .init(action: "record_court_decision", document_id: String(doc.id),
                                         outcome: "rejected", court: court, number: "ДЕМО-2025-200",
                                         date: "2025-04-02"), people.legal, app)
            }
        }
    }

    private static func step(_ id: Int, _ raw: TransitionRequest.Raw, _ actor: CaseStore.Actor, _ app: Application)
        async throws
    {
        _ = try await CaseStore.transition(caseID: id, try TransitionRequest.validate(raw), actor: actor, app: app)
    }
}
