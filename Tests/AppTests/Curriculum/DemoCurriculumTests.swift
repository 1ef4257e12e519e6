import Fluent
import Testing
import Vapor

@testable import App
@testable import KaiguulFixtures

/// The demo's four modules are taught by its 2021 sessions, and the report shows who was trained in
/// each, by region, in Kyrgyz and Russian — while the seminars' own figures stay as the release says.
@Suite struct DemoCurriculumTests {
    @Test func theDemoReportShowsPeopleTrainedByModuleAndRegion() async throws {
        try await withApp { app in
            _ = try await DemoData.seed(app: app)
            #expect(try await TrainingModule.query(on: app.db).count() == 4)
            let report = try await PeriodReport.build(on: app.db, from: "2021-01-01", to: "2021-09-30")
            #expect(report.total.programme.largeSeminars == 3)
            #expect(report.total.programme.seminarParticipants > 100)
            let modules = report.trained.modules
            #expect(modules.count == 4)
            // The three seminars taught the first module: 105 leaders, each once, from all nine regions.
            let first = try #require(modules.first)
            #expect(first.total == 105)
            #expect(first.byRegion.count == 9)
            #expect(first.withoutRegion == 0)
            // Each column of the table adds up to its total.
            let table = ReportTables.modules(report, Translator(language: .ky))
            for column in 1..<table.header.count {
                let regions = table.rows.dropLast().compactMap { Int($0[column]) }.reduce(0, +)
                #expect(String(regions) == table.rows.last?[column])
            }
            let browser = Browser(app)
            try await browser.login("analyst", DemoData.password)
            let ru = try await browser.get("/reports?from=2021-01-01&to=2021-09-30&lang=ru")
            #expect(ru.body.contains("id=\"report-modules\""))
            #expect(ru.body.contains("Как распознать пропаганду запрещённых организаций (демо)"))
            let ky = try await browser.get("/reports?from=2021-01-01&to=2021-09-30&lang=ky")
            #expect(ky.body.contains("Тыюу салынган уюмдардын үгүтүн таануу (демо)"))
            let coordinator = Browser(app)
            try await coordinator.login("coordinator", DemoData.password)
            let page = try await coordinator.get("/curriculum")
            #expect(page.status == .ok)
            #expect(page.body.contains("id=\"completion\""))
            // The sessions list shows what each session taught.
            try await coordinator.post("/language", [("lang", "ru"), ("back", "/")])
            let sessions = try await coordinator.get("/trainings")
            #expect(sessions.status == .ok)
            #expect(sessions.body.contains("Цифровая гигиена и форма сообщения (демо)"))
        }
    }
}
