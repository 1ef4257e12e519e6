import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App
@testable import KaiguulFixtures

/// Sites and accounts are counted by what the target is (`SiteOrAccount`), the same in the statistics,
/// the dashboard, the charts, the report's tables and the case page; the report downloads open in a
/// spreadsheet (CSV with a byte-order mark) and read as a document (Markdown with headings).
@Suite("Counting by kind") struct CountingByKindTests {
    /// A domain, a page on a site, an account and a post on a platform: two sites and two accounts,
    /// one of each blocked. A URL target used to count as an account.
    static func fourCases(_ app: Application) async throws -> (ids: [Int], region: Region, organization: Int) {
        let region = try #require(try await Region.query(on: app.db).sort(\.$id).first())
        let organization = try await OrganizationStore.create(try OrganizationInput.validate(.init(
            name_ky: "Көк Туман Бирлиги", name_ru: "Союз Синего Тумана", name_en: "Blue Fog Union",
            aliases: "",
            designation: "extremist", court: "Demo court", decision_number: "DEMO-1", decision_date: "2020-01-01",
            status: "banned", notes: "Fictional organisation for a test.")), actor: .commandLine, app: app)
        let people = try await CaseFixtures.people(app: app)
        var ids: [Int] = []
        let targets = [("site-one.example", false), ("https://site-two.example/page", true),
                       ("https://t.me/channel_demo_one", false), ("https://t.me/channel_demo_two/15", true)]
        for (target, blocked) in targets {
            let input = try CaseInput.validate(.init(title: target, target: target, region_id: String(region.id ?? 0),
                                                     organization_id: String(organization)))
            let id = try await CaseStore.open(input, actor: people.analyst, app: app)
            if blocked {
                try await CaseFixtures.advance(caseID: id, target: input.target, to: .blocked, people: people, app: app)
            }
            ids.append(id)
        }
        return (ids, region, organization)
    }

    @Test func urlsCountByWhatTheyAreEverywhere() async throws {
        try await withApp { app in
            // setup
            let (ids, region, _) = try await Self.fourCases(app)
            try await app.makeUser("figures-analyst", role: .analyst)
            let browser = Browser(app)
            try await browser.login("figures-analyst", language: "ky")
            let now = Date()
            let today = PeriodReport.iso(now)
            // MUT
            let figures = try await CaseStatistics.count(on: app.db, from: now.addingTimeInterval(-3600),
                                                         to: now.addingTimeInterval(3600))
            let dashboard = try await browser.get("/dashboard")
            let report = try await browser.get("/reports?from=\(today)&to=\(today)&lang=ky")
            let csv = try await browser.get("/reports/cases.csv?from=\(today)&to=\(today)&lang=ky")
            let sitePage = try await browser.get("/cases/\(ids[1])")
            let postPage = try await browser.get("/cases/\(ids[3])")
            // validate
            #expect(figures.identified == .init(sites: 2, accounts: 2))
            #expect(figures.blocked == .init(sites: 1, accounts: 1))
            let stats = try #require(Self.section(dashboard.body, from: "id=\"case-figures\"", to: "</section>"))
            #expect(stats.contains("data-stat=\"case.stats.identified.sites\">2<"), "\(stats)")
            #expect(stats.contains("data-stat=\"case.stats.identified.accounts\">2<"))
            #expect(stats.contains("data-stat=\"case.stats.blocked.accounts\">1<"))
            // The funnel's bars are sites and accounts apart, never all cases under "sites identified".
            let funnel = try #require(Self.section(report.body, from: "id=\"funnel-table\"", to: "</table>"))
            let t = Translator(language: .ky)
            #expect(funnel.contains(t("case.stats.sites")) && funnel.contains(t("case.stats.accounts")))
            #expect(!funnel.contains(t("report.col.sites_identified")))
            // The CSV's total: 2 sites and 2 accounts identified, 1 site and 1 account blocked.
            let total = try #require(csv.body.split(separator: "\r\n").last)
            let cells = total.split(separator: ",").map(String.init)
            #expect(cells.count == 10)
            #expect(cells[1] == "2" && cells[2] == "2" && cells[7] == "1" && cells[8] == "1", "\(cells)")
            // The case page says what the target counts as, its region and organisation, in Kyrgyz.
            #expect(sitePage.body.contains("data-counts-as=\"site\""))
            #expect(postPage.body.contains("data-counts-as=\"account\""))
            #expect(postPage.body.contains("Telegram"))
            #expect(sitePage.body.contains(region.name(.ky)))
            #expect(sitePage.body.contains("Көк Туман Бирлиги"))
            #expect(!sitePage.body.contains("Blue Fog Union"))
        }
    }

    @Test func caseWithoutRegionOrOrganisationSaysSo() async throws {
        try await withApp { app in
            // setup
            let people = try await CaseFixtures.people(app: app)
            let input = try CaseInput.validate(.init(title: "Bare", target: "bare-site.example"))
            let id = try await CaseStore.open(input, actor: people.analyst, app: app)
            try await app.makeUser("figures-analyst", role: .analyst)
            let browser = Browser(app)
            try await browser.login("figures-analyst", language: "ru")
            // MUT
            let page = try await browser.get("/cases/\(id)")
            // validate
            let region = try #require(Self.section(page.body, from: "id=\"case-region\"", to: "</dd>"))
            #expect(region.contains(Translator(language: .ru)("figures.not_given")))
            #expect(page.body.contains("data-counts-as=\"site\""))
        }
    }

    @Test func csvHasByteOrderMarkAndMarkdownHasHeadings() async throws {
        try await withApp { app in
            // setup
            _ = try await Self.fourCases(app)
            try await app.makeUser("figures-analyst", role: .analyst)
            let browser = Browser(app)
            try await browser.login("figures-analyst")
            let today = PeriodReport.iso(Date())
            // MUT
            let csv = try await browser.get("/reports/programme.csv?from=\(today)&to=\(today)&lang=ru")
            let md = try await browser.get("/reports/report.md?from=\(today)&to=\(today)&lang=ru")
            // validate
            #expect(Array(csv.bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(String(decoding: csv.bytes.dropFirst(3), as: UTF8.self).hasPrefix("Регион,"))
            let lines = md.body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let t = Translator(language: .ru)
            #expect(lines.first?.hasPrefix("# " + t("report.title")) == true)
            let headings = lines.filter { $0.hasPrefix("## ") }
            #expect(headings == ["## " + t("report.summary"), "## " + t("report.cases_table"),
                                 "## " + t("report.programme_table")])
            // Each table follows its heading after one blank line, as Markdown needs to see a table.
            for heading in headings.dropFirst() {
                let at = try #require(lines.firstIndex(of: heading))
                #expect(lines[at + 1].isEmpty && lines[at + 2].hasPrefix("| "))
            }
        }
    }

    static func section(_ html: String, from: String, to: String) -> String? {
        guard let start = html.range(of: from), let end = html.range(of: to, range: start.upperBound..<html.endIndex)
        else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }
}
