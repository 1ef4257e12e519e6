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
    }

    /// Month-by-month figures for the charts, from the same statistics as the report.
    static func months(on db: any Database, from: String, to: String, limit: Int = 36) async throws -> [Month] {
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
        guard let first = periods.first else { return [] }
        // Every month in one grouped query per kind of figure, not one set of queries per month.
        let cases = try await CaseStatistics.byPeriod(on: db, from: first.from, ends: periods.map(\.to))
        let programme = try await ProgrammeStatistics.distributedByPeriod(
            on: db, from: PeriodReport.iso(first.from), ends: periods.map { PeriodReport.iso($0.to) })
        var result: [Month] = []
        for (index, period) in periods.enumerated() {
            let figures = cases[index] ?? CaseStatistics.Figures()
            let distributed = programme[index] ?? (0, 0)
            result.append(Month(label: period.label, sitesIdentified: figures.identified.sites,
                                accountsIdentified: figures.identified.accounts, sitesBlocked: figures.blocked.sites,
                                videos: distributed.videos, otherMaterials: distributed.other))
        }
        return result
    }
}
