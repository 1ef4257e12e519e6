import Fluent
import KaiguulCore
import Foundation
import MediaMatch
import Testing
import Vapor

@testable import App

/// The public guide, end to end through the knowledge base: an approved version whose private parts
/// carry marker strings, and pending, rejected and draft versions full of markers; no page anyone can
/// open without signing in may show one.
@Suite("The public guide shows no non-public field") struct GuidePublicFieldsTests {
    /// Everything that must stay on the staff's side, each a string that appears nowhere else.
    static let privateMarkers = [
        "QXNOTES",  // the version's internal notes
        "QXIDEOLOGY",  // a text not marked public-safe, in all three languages
        "QXNOTCHOSEN",  // an indicator of the organisation not chosen as an example
        "QXPRIVCAPTION",  // a non-public symbol's caption
        "QXORGNOTES",  // the organisation row's own notes
        "QXPENDING",  // a newer version submitted, not yet approved
        "QXREJECTED",  // a version legal rejected
        "QXDRAFT",  // a draft never submitted
    ]

    struct Fixture {
        var organizationID: Int
        var otherOrganizationID: Int
        var publicSymbol: String
        var privateSymbol: String
    }

    /// A pattern PDQ can hash well; `seed` makes each picture its own.
    static func picture(seed: Int) throws -> Data {
        let side = 96
        var pixels = [UInt8](repeating: 0, count: side * side * 3)
        for y in 0..<side {
            for x in 0..<side {
                let on = ((x / (6 + seed)) + (y / 9) * (seed + 1)) % 2 == 0
                let i = (y * side + x) * 3
                pixels[i] = on ? 230 : UInt8((x * 2) % 256)
                pixels[i + 1] = on ? 40 : UInt8((y * 2) % 256)
                pixels[i + 2] = on ? UInt8(seed * 40 % 256) : 20
            }
        }
        return try JPEGEncoder.encode(RGBImage(width: side, height: side, pixels: pixels)!, quality: 90)
    }

    static func user(_ app: Application, _ name: String, _ role: Role) async throws -> CurrentUser {
        CurrentUser(id: try await app.makeUser(name, role: role), username: name, displayName: name, role: role, viaToken: false)
    }

    static func entry(_ app: Application, org: Int, by: CurrentUser, marker: String? = nil, examples: [Int] = [],
                      symbols: [Int] = [], submit: Bool) async throws -> Int {
        var raw = KnowledgeInput.Raw()
        raw.ideology_ky = "Окутуу үчүн QXIDEOLOGY"
        raw.ideology_ru = "Для обучения QXIDEOLOGY"
        raw.ideology_en = "For teaching QXIDEOLOGY"
        raw.recruitment_ru = "Вербует в закрытых чатах" + (marker.map { " " + $0 } ?? " PUBRECRUIT")
        raw.recognition_ky = "Кара булуттуу видеолор " + (marker ?? "PUBRECOGNITION-ky")
        raw.recognition_ru = "Видео с чёрным облаком " + (marker ?? "PUBRECOGNITION-ru")
        raw.recognition_en = "Videos with a black cloud " + (marker ?? "PUBRECOGNITION-en")
        raw.public_sources = "Сот чечими | https://court.example.kg/2-145"
        raw.internal_notes = "Ички эскертме QXNOTES"
        raw.example_indicator_ids = examples.map(String.init)
        raw.symbol_ids = symbols.map(String.init)
        raw.public_fields = ["recognition", "recruitment", "examples", "symbols", "public_sources"]
        raw.submit = submit ? "1" : nil
        return try await KnowledgeStore.create(organizationID: org, try KnowledgeInput.validate(raw), by: by, app: app).version
    }

    static func build(_ app: Application) async throws -> Fixture {
        let analyst = try await user(app, "ana", .analyst)
        let legal = try await user(app, "lex", .legal)
        let org = try await OrganizationStore.create(try OrganizationInput.validate(.init(
            name_ky: "Кара Туман Бирлиги", name_ru: "Союз «Чёрный туман»", name_en: "Black Fog Union",
            aliases: "Кара Туман", designation: "extremist", court: "Бишкек шаардык соту", decision_number: "2-145/19",
            decision_date: "2019-03-14", notes: "QXORGNOTES")), actor: .commandLine, app: app)
        let other = try await OrganizationStore.create(try OrganizationInput.validate(.init(
            name_ky: "Жашыл Шамал Жамааты", name_ru: "Община «Зелёный ветер»", designation: "extremist")),
            actor: .commandLine, app: app)
        let chosen = try await IndicatorStore.create(try IndicatorInput.validate(.init(
            organization_id: String(org), value: "кара туман биригет", mode: "phrase", language: "ky")), actor: .commandLine, app: app)
        _ = try await IndicatorStore.create(try IndicatorInput.validate(.init(
            organization_id: String(org), value: "qxnotchosen ураан", mode: "phrase", language: "ky")), actor: .commandLine, app: app)
        let actor = AuditActor(id: analyst.id, label: analyst.username)
        let shown = try await KnowledgeSymbolStore.create(try KnowledgeSymbolInput.validate(fields: [
            "caption_ky": "Кара булут PUBCAPTION", "caption_ru": "Чёрное облако PUBCAPTION", "caption_en": "Black cloud PUBCAPTION",
            "public": "yes"], data: try picture(seed: 1)), organizationID: org, actor: actor, app: app)
        let hidden = try await KnowledgeSymbolStore.create(try KnowledgeSymbolInput.validate(fields: [
            "caption_ky": "QXPRIVCAPTION", "caption_ru": "QXPRIVCAPTION", "caption_en": "QXPRIVCAPTION",
            "public": "no"], data: try picture(seed: 3)), organizationID: org, actor: actor, app: app)
        let symbols = [try shown.requireID(), try hidden.requireID()]

        // version 1 approved; 2 rejected; 3 submitted and waiting; 4 a draft
        let approved = try await entry(app, org: org, by: analyst, examples: [chosen], symbols: symbols, submit: true)
        try await KnowledgeStore.approve(organizationID: org, version: approved, note: "", by: legal, app: app)
        let rejected = try await entry(app, org: org, by: analyst, marker: "QXREJECTED", submit: true)
        try await KnowledgeStore.reject(organizationID: org, version: rejected, note: "Тактоо керек", by: legal, app: app)
        _ = try await entry(app, org: org, by: analyst, marker: "QXPENDING", submit: true)
        _ = try await entry(app, org: org, by: analyst, marker: "QXDRAFT", submit: false)
        return Fixture(organizationID: org, otherOrganizationID: other, publicSymbol: shown.sha256, privateSymbol: hidden.sha256)
    }

    @Test func guideAndLeafletInEveryLanguageShowThePublicFieldsAndNoPrivateOne() async throws {
        try await withApp { app in
            // setup
            let f = try await Self.build(app)
            let reader = Browser(app)
            for language in Language.allCases {
                // MUT
                let guide = try await reader.get("/guide?lang=\(language.rawValue)")
                let leaflet = try await reader.get("/guide/leaflet?lang=\(language.rawValue)")
                // validate
                #expect(guide.status == .ok && leaflet.status == .ok)
                for page in [guide.body, leaflet.body] {
                    for marker in Self.privateMarkers {
                        #expect(!page.uppercased().contains(marker), "\(marker) shown in \(language)")
                    }
                    #expect(!page.contains(f.privateSymbol))
                    #expect(page.contains("PUBRECOGNITION-\(language.rawValue)"))
                    #expect(page.contains("<q>кара туман биригет</q>"))
                    #expect(page.contains(f.publicSymbol))
                    #expect(page.contains("PUBCAPTION"))
                    #expect(page.contains("Бишкек шаардык соту, № 2-145/19, 2019-03-14"))
                }
                #expect(guide.body.contains("PUBRECRUIT"))
                #expect(guide.body.contains("https://court.example.kg/2-145"))
                #expect(guide.body.contains("href=\"/tip?organization=\(f.organizationID)&amp;lang=\(language.rawValue)\""))
                // an organisation with no approved version has no section
                #expect(!guide.body.contains("data-organization=\"\(f.otherOrganizationID)\""))
            }
            #expect(try await reader.get("/guide?lang=ky").body.contains("Кара Туман Бирлиги"))
            #expect(try await reader.get("/guide?lang=ru").body.contains("Союз «Чёрный туман»"))
            #expect(try await reader.get("/guide?lang=en").body.contains("Black Fog Union"))
            // the stylesheets the pages link are served (the CSP allows no inline style)
            #expect(try await reader.get("/static/guide.css").body.contains(".symbol-list"))
            #expect(try await reader.get("/static/guide-leaflet.css").body.contains("size: A4"))
        }
    }

    @Test func aTipNamesAnOrganizationFromTheGuideAndTriageStartsFromIt() async throws {
        try await withApp { app in
            // setup
            let f = try await Self.build(app)
            try await app.makeUser("tia", role: .analyst)
            let sender = Browser(app)
            // MUT: the guide's report link
            let form = try await sender.get("/tip?organization=\(f.organizationID)&lang=ky")
            // validate: the guide's organisations in its language, its public symbols only, the one from the link chosen
            #expect(form.body.contains("<html lang=\"ky\"") && form.body.contains("Кайсы уюм?"))
            #expect(form.body.contains("value=\"\(f.organizationID)\" checked"))
            #expect(form.body.contains("/knowledge/symbols/\(f.publicSymbol)"))
            #expect(!form.body.contains(f.privateSymbol))
            #expect(!form.body.contains("value=\"\(f.otherOrganizationID)\""))

            // MUT: an organisation the form did not offer is refused, nothing stored
            let refused = try await sender.post("/tip", [("urls", "https://bad.example/p/1"),
                                                         ("organization", String(f.otherOrganizationID))])
            #expect(refused.status == .unprocessableEntity)
            #expect(try await Tip.query(on: app.db).count() == 0)

            // MUT: the chosen one is kept on the tip
            let sent = try await sender.post("/tip", [("urls", "https://bad.example/p/2"), ("comment", "Кара булут"),
                                                      ("organization", String(f.organizationID))])
            #expect(sent.status == .ok)
            let tip = try #require(try await Tip.query(on: app.db).first())
            #expect(tip.organizationID == f.organizationID)

            // validate: triage shows it on the tip and proposes it for the case
            let analyst = Browser(app)
            try await analyst.login("tia")
            let queue = try await analyst.get("/triage")
            #expect(queue.body.contains("class=\"tip-organization\""))
            #expect(queue.body.contains("href=\"/organizations/\(f.organizationID)\""))
        }
    }
}
