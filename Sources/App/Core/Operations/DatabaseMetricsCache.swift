import Fluent
import Foundation
import Vapor

/// The database figures of the last scrape, reused for `OperationsSettings.metricsCacheSeconds`:
/// the captures query reads the whole table (about 0.4 s for 300,000 captures on two busy cores),
/// and two Prometheus servers scraping every 15 s each, or someone holding the token in a loop,
/// should not multiply that.
actor DatabaseMetricsCache {
    private var last: (at: Date, figures: DatabaseMetrics)?

    func figures(maxAge: TimeInterval, now: Date = Date(), read: () async throws -> DatabaseMetrics) async throws
        -> DatabaseMetrics
    {
        if let last, maxAge > 0, now.timeIntervalSince(last.at) < maxAge, now >= last.at { return last.figures }
        let figures = try await read()
        last = (now, figures)
        return figures
    }
}

struct DatabaseMetricsCacheKey: StorageKey {
    typealias Value = DatabaseMetricsCache
}

extension Application {
    /// Made with the routes (`HealthController.register`), before any request can ask for it.
    var databaseMetricsCache: DatabaseMetricsCache {
        get { storage[DatabaseMetricsCacheKey.self] ?? DatabaseMetricsCache() }
        set { storage[DatabaseMetricsCacheKey.self] = newValue }
    }
}
