import Metrics
import Prometheus
import Vapor

/// The process's one Prometheus registry. `MetricsSystem` may be bootstrapped only once per process,
/// and tests make many Applications in one process: the lazily initialised static does it exactly
/// once, whichever Application asks first. Anything recorded through the swift-metrics API (by us or
/// a library) lands here too.
enum ProcessMetrics {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// Bucket bounds for page latency: the goal is p95 under 300 ms, so the buckets are dense there.
    static let latencyBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(200), .milliseconds(300), .milliseconds(500), .seconds(1), .milliseconds(2500),
        .seconds(5), .seconds(10),
    ]

    static var requestDuration: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "kaiguul", metricName: "http_request_duration", unitName: "seconds",
        helpText: "Time to answer a request, by route pattern, method and status class") }

    /// Records one answered request. `route` is the route's pattern (`/cases/:id`), never the URL a
    /// client sent: raw paths would make a series per case and let anyone grow the registry.
    static func recordRequest(route: String, method: String, statusClass: String, duration: Duration) {
        registry.makeDurationHistogram(
            descriptor: requestDuration,
            labels: [("route", route), ("method", method), ("status", statusClass)],
            buckets: latencyBuckets
        ).record(duration)
    }
}
