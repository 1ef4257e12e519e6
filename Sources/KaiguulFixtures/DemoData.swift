import Fluent
import KaiguulCore
import Vapor

@testable import App

/// A small fictional dataset for trying Kaiguul: every organisation, slogan and channel here is
/// invented. Never put real propaganda or real banned organisations' material in the demo.
enum DemoData {
    static let password = "kaiguul-demo"

    /// What `kaiguul-fixture demo` hands to `serve`, which runs it only on an empty database of its own.
    static let seeder = DemoSeeder { app, address in banner(logins: try await seed(app: app), address: address) }

    struct Login: Sendable {
        var username: String
        var role: Role
    }

    static func seed(app: Application) async throws -> [Login] {
        let actor = AuditActor(id: nil, label: "demo")
        var logins: [Login] = []
        for role in Role.allCases {
            let name = role == .admin ? "admin" : role.rawValue
            if try await User.query(on: app.db).filter(\.$username == name).first() == nil {
                let id = try await UserStore.create(username: name, displayName: "Demo " + role.rawValue.capitalized,
                                                    role: role, password: password, mustChange: false, actor: actor,
                                                    app: app).id
                // Four eyes: the demo asked for the expert and legal accounts; the demo admin approves them.
                if AccountApproval.isNeeded(for: role),
                   let admin = try await User.query(on: app.db).filter(\.$username == "admin").first() {
                    try await UserStore.approve(id, actor: AuditActor(id: try admin.requireID(), label: "admin"),
                                                app: app)
                }
            }
            logins.append(Login(username: name, role: role))
        }
        if try await Organization.query(on: app.db).count() > 0 { return logins }

        let orgs: [(ky: String, ru: String, en: String, aliases: [String], designation: Designation, court: String, number: String, date: String)] = [
            ("Кара Туман Бирлиги", "Союз Чёрного Тумана", "Black Fog Union", ["KTB", "Kara Tuman", "#каратуман"],
             .extremist, "Первомайский районный суд г. Бишкек", "ДЕМО-2019-0142", "2019-03-14"),
            ("Жашыл Шамал Жамааты", "Община Зелёного Ветра", "Green Wind Community", ["ZhShZh", "Green Wind"],
             .terrorist, "Октябрьский районный суд г. Бишкек", "ДЕМО-2020-0077", "2020-07-02"),
            ("Түн Жолчулары", "Ночные Путники", "Night Wayfarers", ["Tun Zholchulary", "@night_wayfarers_demo"],
             .extremist, "Ошский городской суд", "ДЕМО-2021-0311", "2021-01-20"),
        ]
        var orgIDs: [Int] = []
        for o in orgs {
            let input = try OrganizationInput.validate(.init(
                name_ky: o.ky, name_ru: o.ru, name_en: o.en, aliases: o.aliases.joined(separator: "\n"),
                designation: o.designation.rawValue, court: o.court, decision_number: o.number, decision_date: o.date,
                status: "banned", notes: "Fictional organisation for the demo dataset."))
            orgIDs.append(try await OrganizationStore.create(input, actor: actor, app: app))
        }
        let regions = try await Region.query(on: app.db).sort(\.$id).all().compactMap(\.id)
        let sources: [(SourceKind, String, String)] = [
            (.website, "https://kara-tuman.example/news", "Kara Tuman news (demo)"),
            (.telegram, "https://t.me/s/kara_tuman_demo", "Kara Tuman channel (demo)"),
            (.youtube, "https://www.youtube.com/@green-wind-demo", "Green Wind videos (demo)"),
            (.rss, "https://night-wayfarers.example/feed.xml", "Night Wayfarers feed (demo)"),
            (.vk, "https://vk.com/night_wayfarers_demo", "Night Wayfarers VK (demo)"),
            (.website, "https://жашыл-шамал.example", "Green Wind site (demo)"),
        ]
        for (i, s) in sources.enumerated() {
            let input = try SourceInput.validate(.init(
                kind: s.0.rawValue, address: s.1, title: s.2, region_id: regions.isEmpty ? nil : String(regions[i % regions.count]),
                organization_id: String(orgIDs[i % orgIDs.count]), check_interval_minutes: "60",
                // Invented channels on real platforms stay paused: no worker should go looking for them.
                status: s.0.isPlatformAccount ? "paused" : "active",
                notes: ""))
            _ = try await SourceStore.create(input, origin: .analyst, actor: actor, app: app)
        }
        try await seedCases(app: app)
        try await seedMonitoring(app: app)
        try await seedAnalysis(app: app)
        try await seedProgramme(app: app)
        try await seedHistoryEvidence(app: app)
        try await seedWorklists(app: app)
        try await seedSharing(app: app)
        try await seedSymbols(app: app)
        try await seedKnowledge(app: app)
        try await seedCurriculum(app: app)
        try await seedVerification(app: app)
        return logins
    }

    static func banner(logins: [Login], address: ServeAddress) -> String {
        let lines = logins.map { "│    \($0.username.padding(toLength: 12, withPad: " ", startingAt: 0)) \($0.role.rawValue)" }
        return """

        ┌─ Kaiguul demo ─────────────────────────────────────────────────────
        │  Open \(address.url) and sign in with any of these accounts;
        │  the password of every demo account is: \(password)
        \(lines.joined(separator: "\n"))
        │  Everything in this dataset is fictional.
        └────────────────────────────────────────────────────────────────────

        """
    }
}
