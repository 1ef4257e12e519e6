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
        var result: [Month] = []
        while cursor <= last, result.count < limit {
            guard let next = calendar.date(byAdding: .month, value: 1, to: cursor) else { break }
            let lo = max(cursor, start), hi = min(next, last.addingTimeInterval(86_400))
            let cases = try await CaseStatistics.count(on: db, from: lo, to: hi)
            let programme = try await ProgrammeStatistics.count(on: db, from: PeriodReport.iso(lo), to: PeriodReport.iso(hi))
            result.append(Month(label: String(PeriodReport.iso(cursor).prefix(7)), sitesIdentified: cases.identified.sites,
                                accountsIdentified: cases.identified.accounts, sitesBlocked: cases.blocked.sites,
                                videos: programme.videosDistributed, otherMaterials: programme.otherMaterialsDistributed))
            cursor = next
        }
        return result
    }
}
