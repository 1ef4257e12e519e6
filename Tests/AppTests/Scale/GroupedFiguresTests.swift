import Fluent
import Foundation
import KaiguulCore
import SQLKit
import Testing

@testable import App
@testable import KaiguulFixtures

/// The grouped figures (one query for every region or month) say what counting each case one by one
/// says: checked against a count made here in Swift from the rows themselves, on the demo grown twice
/// over (cases copied with their events), and the months read with the report against the months read alone.
@Suite("Grouped figures") struct GroupedFiguresTests {
    @Test func groupedCaseFiguresMatchCountingEachCase() async throws {
        try await withApp { app in
            // setup
            _ = try await DemoData.seed(app: app)
            try await ScaleGrowth.grow(on: app.db, anchors: try await ScaleGrowth.anchors(on: app.db))
            // A case written around Fluent has no counted_as: it is classified from its target.
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("UPDATE cases SET counted_as = NULL WHERE id % 3 = 0").run()
            let from = Date().addingTimeInterval(-3 * 365 * 86_400), to = Date().addingTimeInterval(86_400)
            // MUT
            let grouped = try await CaseStatistics.byRegion(on: app.db, from: from, to: to)
            // validate
            let cases = try await CaseRecord.query(on: app.db).all()
            let events = try await CaseEvent.query(on: app.db).all()
            func reference(region: Int?) -> CaseStatistics.Figures {
                var f = CaseStatistics.Figures()
                let mine = cases.filter { region == nil || $0.regionID == region }
                for c in mine where (c.createdAt ?? .distantPast) >= from && (c.createdAt ?? .distantPast) < to {
                    f.identified.add(SiteOrAccount.of(target: c.target))
                }
                for stage in CaseStatistics.stages {
                    let ids = Set(events.filter { $0.action == stage.action && $0.toState == stage.toState
                        && $0.at >= from && $0.at < to }.map(\.caseID))
                    for c in mine where ids.contains(c.id ?? -1) { f[keyPath: stage.0].add(SiteOrAccount.of(target: c.target)) }
                }
                return f
            }
            #expect(grouped.total == reference(region: nil))
            #expect(grouped.total.identified.total > 0 && grouped.total.blocked.total > 0, "the demo has figures to compare")
            for region in try await Region.query(on: app.db).all() {
                let id = try region.requireID()
                #expect((grouped.regions[id] ?? CaseStatistics.Figures()) == reference(region: id), "region \(id)")
            }
        }
    }

    @Test func monthsReadWithTheReportEqualMonthsReadAlone() async throws {
        try await withApp { app in
            // setup
            _ = try await DemoData.seed(app: app)
            let to = PeriodReport.iso(Date()), from = PeriodReport.iso(Date().addingTimeInterval(-700 * 86_400))
            // MUT
            let (report, together) = try await ReportPage.load(on: app.db, from: from, to: to)
            let alone = try await ReportPage.months(on: app.db, from: from, to: to)
            // validate
            func values(_ months: [ReportPage.Month]) -> [[Int]] {
                months.map { [$0.sitesIdentified, $0.accountsIdentified, $0.sitesBlocked, $0.videos, $0.otherMaterials] }
            }
            #expect(together.map(\.label) == alone.map(\.label))
            #expect(values(together) == values(alone))
            #expect(together.reduce(0) { $0 + $1.videos } == report.total.programme.videosDistributed)
            #expect(together.reduce(0) { $0 + $1.otherMaterials } == report.total.programme.otherMaterialsDistributed)
            #expect(report.total.programme.videosDistributed + report.total.programme.otherMaterialsDistributed > 0)
        }
    }
}
