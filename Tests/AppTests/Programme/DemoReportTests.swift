import Fluent
import Testing
import Vapor

@testable import App
@testable import KaiguulFixtures

/// The demo record of January–September 2021 must yield, through the report queries alone, the
/// figures the programme reported for such a period. The report code knows none of them.
@Suite("Demo period report") struct DemoReportTests {
    @Test func demoPeriodGivesTheProgrammeFigures() async throws {
        try await withApp { app in
            // setup
            _ = try await DemoData.seed(app: app)
            // MUT
            let report = try await PeriodReport.build(on: app.db, from: "2021-01-01", to: "2021-09-30")
            // validate
            let c = report.total.cases
            let p = report.total.programme
            #expect(c.identified.sites == 63)
            #expect(c.identified.accounts == 20)
            #expect(c.blocked.sites == 38)
            #expect(p.videosDistributed == 76)
            #expect(p.otherMaterialsDistributed == 261)
            #expect(p.groups == 4)
            #expect(p.smallestGroup >= 30 && p.largestGroup <= 35)
            #expect(p.largeSeminars == 3)
            #expect(p.seminarParticipants > 100)
            #expect(p.seminarRegions == 9)
            // The regions add up to the total.
            #expect(report.regions.map(\.cases.identified.sites).reduce(0, +) == 63)
            #expect(report.regions.map(\.programme.videosDistributed).reduce(0, +) == 76)

            // The narrative says it in Kyrgyz and Russian, with Russian plural forms.
            let ky = ReportText.narrative(report, Translator(language: .ky))
            #expect(ky.contains("63 сайт жана 20 аккаунт"))
            #expect(ky.contains("38 сайт бөгөттөлдү"))
            let ru = ReportText.narrative(report, Translator(language: .ru))
            #expect(ru.contains("63 сайта и 20 аккаунтов"))
            #expect(ru.contains("76 видеороликов и 261 материал"))
            #expect(ru.contains("4 группы"))
            #expect(ru.contains("3 крупных семинара"))
            // Outside the period nothing is counted.
            let later = try await PeriodReport.build(on: app.db, from: "2021-10-01", to: "2021-12-31")
            #expect(later.total.cases.identified.total == 0)
            #expect(later.total.programme.videosDistributed == 0)
        }
    }

    @Test func reportPageAndCSVInKyrgyz() async throws {
        try await withApp { app in
            _ = try await DemoData.seed(app: app)
            let browser = Browser(app)
            try await browser.login("analyst", DemoData.password)
            let page = try await browser.get("/reports?from=2021-01-01&to=2021-09-30&lang=ky")
            #expect(page.status == .ok)
            #expect(page.body.contains("63 сайт жана 20 аккаунт"))
            #expect(page.body.contains("<svg"))
            #expect(page.body.contains("id=\"funnel-table\""))
            let csv = try await browser.get("/reports/cases.csv?from=2021-01-01&to=2021-09-30&lang=ky")
            #expect(csv.status == .ok)
            #expect(csv.headers.contentType?.subType == "csv")
            let lines = csv.body.split(separator: "\r\n")
            #expect(lines.count == 11)  // header, nine regions, total
            #expect(lines.last?.hasPrefix("Бардыгы,63,20,") == true)
            // A volunteer may not read reports.
            let vol = Browser(app)
            try await vol.login("volunteer", DemoData.password)
            #expect(try await vol.get("/reports").status == .forbidden)
        }
    }
}
