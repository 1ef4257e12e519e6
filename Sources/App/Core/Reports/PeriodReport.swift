import Fluent
import Foundation
import Vapor

/// The period report: the programme's figures for a period, in total and by region, from the
/// records alone. Nothing here knows any expected number; the demo test checks what comes out.
struct PeriodReport: Sendable {
    struct RegionRow: Sendable {
        var region: Region?
        var cases: CaseStatistics.Figures
        var programme: ProgrammeStatistics.Figures
    }

    var from: String
    var to: String
    var total: RegionRow
    var regions: [RegionRow]
    /// People trained by curriculum module and region (`CurriculumStatistics`).
    var trained = CurriculumStatistics.Trained()

    /// `from` and `to` are inclusive calendar days (`YYYY-MM-DD`), as people say them.
    static func build(on db: any Database, from: String, to: String) async throws -> PeriodReport {
        try await build(on: db, from: from, to: to, distributionEnds: []).report
    }

    /// The report, and the counter-materials distributed in each sub-period ending at `distributionEnds`
    /// (`ProgrammeStatistics.byRegion`), read in the same pass.
    static func build(on db: any Database, from: String, to: String, distributionEnds: [String]) async throws
        -> (report: PeriodReport, distributed: [Int: (videos: Int, other: Int)])
    {
        guard let start = day(from), let last = day(to), start <= last else {
            throw AppError.invalid("to", "report.bad_period")
        }
        let end = last.addingTimeInterval(86_400)
        let endDay = iso(end)
        // Grouped by region in SQL: a fixed number of queries however many regions there are.
        let cases = try await CaseStatistics.byRegion(on: db, from: start, to: end)
        let programme = try await ProgrammeStatistics.byRegion(on: db, from: from, to: endDay,
                                                               distributionEnds: distributionEnds)
        let total = RegionRow(region: nil, cases: cases.total, programme: programme.total)
        var rows: [RegionRow] = []
        for region in try await Region.query(on: db).sort(\.$id).all() {
            guard let id = region.id else { continue }
            var figures = programme.regions[id] ?? ProgrammeStatistics.Figures()
            figures.seminarRegions = programme.total.seminarRegions
            rows.append(RegionRow(region: region, cases: cases.regions[id] ?? CaseStatistics.Figures(),
                                  programme: figures))
        }
        let trained = try await CurriculumStatistics.trained(on: db, from: from, to: endDay)
        return (PeriodReport(from: from, to: to, total: total, regions: rows, trained: trained), programme.distributed)
    }

    static func day(_ text: String) -> Date? {
        var errors: [String: AppError] = [:]
        guard let valid = FieldRules.date(text, field: "date", required: true, into: &errors) else { return nil }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.date(from: valid)
    }

    static func iso(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: date)
    }
}
