import Fluent
import Foundation
import Vapor

enum ReportPage {
    struct Month: Sendable {
        var label: String
        var sitesIdentified: Int
        var accountsIdentified: Int
        var sitesBlocked: Int
        var videos: Int
        var otherMaterials: Int
    }

    struct Model {
        var report: PeriodReport
        var months: [Month]
        var csrf: String
        /// When the figures were counted (`FiguresCache`); nil when counted for this view.
        var countedAt: Date? = nil
        var recountSeconds: Int = 0
    }

    /// The report and its months together, as the report page and the dashboard show them: the
    /// distributions are read once for both.
    static func load(on db: any Database, from: String, to: String) async throws -> (PeriodReport, [Month]) {
        let periods = monthPeriods(from: from, to: to)
        let (report, distributed) = try await PeriodReport.build(
            on: db, from: from, to: to, distributionEnds: periods.map { PeriodReport.iso($0.to) })
        return (report, try await months(on: db, periods: periods, distributed: distributed))
    }

    /// Month-by-month figures for the charts, from the same statistics as the report.
    static func months(on db: any Database, from: String, to: String, limit: Int = 36) async throws -> [Month] {
        let periods = monthPeriods(from: from, to: to, limit: limit)
        guard let first = periods.first else { return [] }
        let distributed = try await ProgrammeStatistics.distributedByPeriod(
            on: db, from: PeriodReport.iso(first.from), ends: periods.map { PeriodReport.iso($0.to) })
        return try await months(on: db, periods: periods, distributed: distributed)
    }

    /// The calendar months of the period, the first and last cut to it, at most `limit` of them.
    static func monthPeriods(from: String, to: String, limit: Int = 36) -> [(label: String, from: Date, to: Date)] {
        guard let start = PeriodReport.day(from), let last = PeriodReport.day(to) else { return [] }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var cursor = calendar.date(from: calendar.dateComponents([.year, .month], from: start)) ?? start
        var periods: [(label: String, from: Date, to: Date)] = []
        while cursor <= last, periods.count < limit {
            guard let next = calendar.date(byAdding: .month, value: 1, to: cursor) else { break }
            periods.append((String(PeriodReport.iso(cursor).prefix(7)), max(cursor, start),
                            min(next, last.addingTimeInterval(86_400))))
            cursor = next
        }
        return periods
    }

    /// Every month's case figures in one grouped query, not one set of queries per month.
    private static func months(on db: any Database, periods: [(label: String, from: Date, to: Date)],
                               distributed: [Int: (videos: Int, other: Int)]) async throws -> [Month] {
        guard let first = periods.first else { return [] }
        let cases = try await CaseStatistics.byPeriod(on: db, from: first.from, ends: periods.map(\.to))
        var result: [Month] = []
        for (index, period) in periods.enumerated() {
            let figures = cases[index] ?? CaseStatistics.Figures()
            let materials = distributed[index] ?? (0, 0)
            result.append(Month(label: period.label, sitesIdentified: figures.identified.sites,
                                accountsIdentified: figures.identified.accounts, sitesBlocked: figures.blocked.sites,
                                videos: materials.videos, otherMaterials: materials.other))
        }
        return result
    }
}
