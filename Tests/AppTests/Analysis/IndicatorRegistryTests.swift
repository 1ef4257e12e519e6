import Detection
import Fluent
import Foundation
import KaiguulCore
import Monitor
import SQLKit
import Testing
import Vapor

@testable import App

/// Detection on by default: an organisation's registered names and aliases are indicators of it
/// without anyone typing them again, a registry change fires on the next analysis, and a retired
/// indicator no longer matches.
@Suite("Indicators from the registries") struct IndicatorRegistryTests {
    /// A fictional banned organisation with aliases written the ways registries write them.
    static func organization(_ app: Application, name: String = "Кара Туман Бирлиги",
                             aliases: String = "#каратуман\n@karatuman_info\nKaraТуман\nkaratuman-demo.example",
                             status: String = "banned") async throws -> Int {
        try await OrganizationStore.create(
            try OrganizationInput.validate(.init(name_ky: name, aliases: aliases, designation: "extremist", status: status)),
            actor: .commandLine, app: app)
    }

    static func analyse(_ context: AnalysisContext, _ text: String) async throws -> TextAnalysis {
        let analyzer = try #require(await context.current().0)
        return analyzer.analyze(text)
    }

    static func firesFor(_ analysis: TextAnalysis, organization: Int) -> Bool {
        analysis.signals.contains { $0.kind == .indicator && $0.organizationID == String(organization) }
            && analysis.priority.level > .none
    }

    @Test func namesAndAliasesAreIndicatorsWithoutAnyRowTyped() async throws {
        try await withApp { app in
            // setup: one banned and one lifted organisation, no indicator rows at all
            let org = try await Self.organization(app)
            let lifted = try await Self.organization(app, name: "Ак Шамал Жамааты", aliases: "#акшамал", status: "lifted")
            let context = AnalysisContext(app: app)

            // MUT
            let byName = try await Self.analyse(context, "Биздин катарга кошулгула! Кара Туман Бирлигине жазылгыла.")
            let byHashtag = try await Self.analyse(context, "Бүгүн баарыбыз чогулабыз #каратуман #жаңыжол")
            let byMixedScript = try await Self.analyse(context, "каратумандын жолу менен жүргүлө, бир туугандар")
            let byHandle = try await Self.analyse(context, "Жазылгыла: t.me/karatuman_info")
            let byDomain = try await Self.analyse(context, "Баары https://www.karatuman-demo.example/join бетинде")
            let liftedAlias = try await Self.analyse(context, "Бүгүн баарыбыз чогулабыз #акшамал")
            let unrelated = try await Self.analyse(context, "Бүгүн аба ырайы жакшы, туман жок, күн ачык.")

            // validate
            #expect(try await IndicatorRecord.query(on: app.db).count() == 0)
            #expect(Self.firesFor(byName, organization: org))
            #expect(Self.firesFor(byHashtag, organization: org))
            #expect(Self.firesFor(byMixedScript, organization: org))
            #expect(Self.firesFor(byHandle, organization: org))
            #expect(Self.firesFor(byDomain, organization: org))
            #expect(!liftedAlias.signals.contains { $0.organizationID == String(lifted) })
            #expect(!unrelated.signals.contains { $0.kind == .indicator })
            #expect(unrelated.priority.level == .none)
        }
    }

    @Test func registryChangesFireOnTheNextAnalysisWithoutARestart() async throws {
        try await withApp { app in
            // setup: a context already loaded (as a worker's would be)
            let org = try await Self.organization(app, aliases: "")
            let context = AnalysisContext(app: app)
            let text = "Биздин жаңы белги: #көкбөрүжолу, кошулгула"
            #expect(!Self.firesFor(try await Self.analyse(context, text), organization: org))

            // MUT: an alias added through the organisation form's rules
            try await OrganizationStore.update(
                id: org, try OrganizationInput.validate(.init(name_ky: "Кара Туман Бирлиги", aliases: "#көкбөрүжолу",
                                                              designation: "extremist")),
                actor: .commandLine, app: app)

            // validate
            #expect(Self.firesFor(try await Self.analyse(context, text), organization: org))

            // MUT: a typed indicator, then its retirement
            let slogan = "Күн чыгышынын сакчылары биригет"
            #expect(!Self.firesFor(try await Self.analyse(context, slogan), organization: org))
            let id = try await IndicatorStore.create(
                try IndicatorInput.validate(.init(organization_id: String(org), value: "күн чыгышынын сакчылары")),
                actor: .commandLine, app: app)
            #expect(Self.firesFor(try await Self.analyse(context, slogan), organization: org))
            try await IndicatorStore.retire(id: id, actor: .commandLine, app: app)

            // MUT: a typed mixed-script indicator matches the plain spellings too
            let mixed = try await IndicatorStore.create(
                try IndicatorInput.validate(.init(organization_id: String(org), value: "ZholБорс")),
                actor: .commandLine, app: app)
            #expect(try await IndicatorRecord.find(mixed, on: app.db)?.mode == "stem")
            #expect(Self.firesFor(try await Self.analyse(context, "жолборстун жолу менен"), organization: org))

            // validate: retired, still listed, no longer matching
            #expect(!Self.firesFor(try await Self.analyse(context, slogan), organization: org))
            let row = try #require(try await IndicatorRecord.find(id, on: app.db))
            #expect(row.retiredAt != nil)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "indicator.retire").count() == 1)
        }
    }

    @Test func aliasesWithSignsDotsAndMixedScriptsAreAccepted() throws {
        for alias in ["#каратуман", "@karatuman_info", "t.me/karatuman_info", "karatuman-demo.example", "KaraТуман",
                      "К.Т.Б.", "Kara Туман"] {
            let input = try OrganizationInput.validate(.init(name_ky: "Кара Туман", aliases: alias, designation: "extremist"))
            #expect(input.aliases == [alias])
        }
        #expect(throws: FormErrors.self) {
            try OrganizationInput.validate(.init(name_ky: "Кара Туман", aliases: "#!?", designation: "extremist"))
        }
    }

    @Test func aSiteInvitingToJoinByTheRegisteredNameGetsAPriority() async throws {
        let bannedText = (0..<40).map { "Тумандын жолу жалгыз жол \($0 % 5) баарыбыз караңгы тоодо бириккен күчпүз" }
            .joined(separator: " ")
        let page = """
            <html><head><title>Кошулгула</title></head><body><article><h1>Кошулгула</h1>
            <p>Урматтуу бир туугандар, Кара Туман Бирлигине кошулгула! Биз сени күтөбүз.</p>
            <p>\(bannedText)</p></article></body></html>
            """
        let server = try await SiteServer.start { path in path.hasPrefix("/site") ? .ok(page) : .notFound }
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup: the organisation and one banned text, no indicator typed
            let org = try await Self.organization(app)
            let materials = RegistryImport.materials(from: Data(
                #"{"materials":[{"materialID":"m1","title":"Fictional tract","text":"\#(bannedText)"}]}"#.utf8))
            _ = try await RegistryImportStore.importMaterials(materials.records, actor: .commandLine, app: app)
            let services = try app.useTestMonitoring(server: server)
            let context = AnalysisContext(app: app)
            app.useMonitoring(try MonitoringServices(
                fetcher: services.fetcher, warcDirectory: services.warcDirectory, blobs: services.blobs,
                limits: services.limits, analyzers: [TextItemAnalyzer(context: context)], locate: server.locate,
                collector: "kaiguul-test"))
            let sourceID = try await app.makeSource(.website, server.url("/site/"))

            // MUT
            _ = try await CapturePipeline.check(sourceID: sourceID, job: nil, app: app)

            // validate
            let sql = try #require(app.db as? any SQLDatabase)
            struct Row: Decodable { var kind: String; var organization_id: Int?; var material_id: Int?; var score: Double }
            let signals = try await sql.raw("SELECT kind, organization_id, material_id, score FROM signals ORDER BY id")
                .all(decoding: Row.self)
            #expect(signals.contains { $0.kind == "indicator" && $0.organization_id == org })
            #expect(signals.contains { $0.kind == "near_duplicate" && $0.material_id != nil })
            let triage = try #require(signals.first { $0.kind == "triage" })
            #expect(triage.score >= 0.4)
        }
    }
}
