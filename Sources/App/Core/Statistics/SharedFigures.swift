import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The system-wide figures the dashboard and the period report page show, each under the one key
/// `FiguresCache` keeps it by, so the two pages and the start-up count share them.
enum SharedFigures {
    /// The last 365 days' case figures (`CaseFiguresView.count`).
    static func caseFigures(_ cache: FiguresCache, on db: any Database) async throws
        -> FiguresCache.Counted<CaseStatistics.Figures>
    {
        try await cache.figures("case-figures") { try await CaseFiguresView.count(on: db) }
    }

    /// A period's report and its months (`ReportPage.load`).
    static func report(_ cache: FiguresCache, from: String, to: String, on db: any Database) async throws
        -> FiguresCache.Counted<(PeriodReport, [ReportPage.Month])>
    {
        try await cache.figures("report|\(from)|\(to)") { try await ReportPage.load(on: db, from: from, to: to) }
    }

    /// The dashboard's charts: the twelve months to today.
    static func dashboardPeriod(now: Date = Date()) -> (from: String, to: String) {
        (PeriodReport.iso(now.addingTimeInterval(-364 * 86_400)), PeriodReport.iso(now))
    }

    /// The report page's default: the current year so far.
    static func reportPeriod(now: Date = Date()) -> (from: String, to: String) {
        let today = PeriodReport.iso(now)
        return (String(today.prefix(4)) + "-01-01", today)
    }

    /// Counts the shared figures once when `serve` starts, so the first person to open the dashboard
    /// after a restart does not wait for a pass over the year.
    struct Warmer: LifecycleHandler {
        private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

        func didBootAsync(_ app: Application) async throws {
            let cache = app.figuresCache
            guard cache.lifetime > 0 else { return }
            let db = app.db
            let logger = app.logger
            task.withLockedValue {
                $0 = Task {
                    let started = Date()
                    do {
                        _ = try await SharedFigures.caseFigures(cache, on: db)
                        let dashboard = SharedFigures.dashboardPeriod()
                        _ = try await SharedFigures.report(cache, from: dashboard.from, to: dashboard.to, on: db)
                        let report = SharedFigures.reportPeriod()
                        _ = try await SharedFigures.report(cache, from: report.from, to: report.to, on: db)
                        logger.info("figures counted in \(Int(Date().timeIntervalSince(started) * 1000)) ms")
                    } catch {
                        if !Task.isCancelled { logger.warning("figures not counted at start: \(String(describing: error).prefix(300))") }
                    }
                }
            }
        }

        func shutdownAsync(_ app: Application) async {
            let running = task.withLockedValue { $0 }
            running?.cancel()
            _ = await running?.value
        }
    }
}
