import Fluent
import Foundation
import Prometheus
import SQLKit

/// The figures `/metrics` reads from the database at scrape time, in two grouped queries (one over
/// `jobs`, one over `captures`), so they hold for every process sharing the database: workers on
/// other machines enqueue, claim and capture without reporting to this one.
struct DatabaseMetrics: Sendable {
    struct JobGroup: Sendable, Hashable {
        var kind: String
        var state: String
    }

    var jobs: [JobGroup: Int] = [:]
    /// Jobs a worker could claim now, by kind: queued and due, or running with an expired lease.
    var due: [String: Int] = [:]
    var captures = 0
    var failures: [String: Int] = [:]
    /// Bytes of the WARC records (request, response, metadata) the captures point at.
    var evidenceBytes = 0

    static let states = [JobQueue.Status.queued, JobQueue.Status.running, JobQueue.Status.done, JobQueue.Status.failed]

    static func read(on db: any Database, now: Date = Date()) async throws -> DatabaseMetrics {
        guard let sql = db as? any SQLDatabase else { throw ReadFailure() }
        var metrics = DatabaseMetrics()
        // The due test is the claim's own (JobQueue.claim), so the depth is what workers would take.
        let jobRows = try await sql.raw("""
            SELECT kind, status, COUNT(*) AS n,
              CAST(COALESCE(SUM(CASE WHEN (status = 'queued' AND run_at <= \(bind: now))
                                       OR (status = 'running' AND locked_until < \(bind: now)) THEN 1 ELSE 0 END), 0)
                   AS BIGINT) AS due
            FROM jobs GROUP BY kind, status
            """).all()
        for row in jobRows {
            let kind = label(try row.decode(column: "kind", as: String.self))
            let state = label(try row.decode(column: "status", as: String.self))
            metrics.jobs[JobGroup(kind: kind, state: state), default: 0] += try row.decode(column: "n", as: Int.self)
            metrics.due[kind, default: 0] += try row.decode(column: "due", as: Int.self)
        }
        let captureRows = try await sql.raw("""
            SELECT \(unsafeRaw: FetchFailureKinds.caseExpression) AS failure, COUNT(*) AS n,
              CAST(COALESCE(SUM(COALESCE(warc_length, 0) + COALESCE(request_length, 0) + COALESCE(metadata_length, 0)), 0)
                   AS BIGINT) AS bytes
            FROM captures GROUP BY 1
            """).all()
        for row in captureRows {
            let n = try row.decode(column: "n", as: Int.self)
            metrics.captures += n
            metrics.evidenceBytes += try row.decode(column: "bytes", as: Int.self)
            if let kind = try row.decode(column: "failure", as: String?.self) { metrics.failures[kind, default: 0] += n }
        }
        return metrics
    }

    /// Job kinds and states are written by our code, but a label must stay a short plain token
    /// whatever a row holds: anything else is counted as `other`.
    static func label(_ text: String) -> String {
        text.count <= 64 && !text.isEmpty && text.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
            ? text : "other"
    }

    /// The figures in Prometheus' text format, from a registry made for this scrape alone: the
    /// process registry outlives databases (tests run many Applications in one process), and a
    /// fresh one never reports a group that has since emptied.
    func exposition(databaseUp: Bool) -> [UInt8] {
        let registry = PrometheusCollectorRegistry()
        registry.makeGauge(descriptor: Self.databaseUp).set(to: databaseUp ? 1 : 0)
        guard databaseUp else { return registry.emitToBuffer() }
        var kinds = Set(jobs.keys.map(\.kind))
        kinds.insert(JobQueue.Kind.checkSource)
        for kind in kinds.sorted() {
            for state in Self.states {
                registry.makeGauge(descriptor: Self.jobsDescriptor, labels: [("kind", kind), ("state", state)])
                    .set(to: Double(jobs[JobGroup(kind: kind, state: state)] ?? 0))
            }
            registry.makeGauge(descriptor: Self.dueDescriptor, labels: [("kind", kind)]).set(to: Double(due[kind] ?? 0))
        }
        // States outside the four (none today) still show, so the per-kind sums stay right.
        for (group, n) in jobs where !Self.states.contains(group.state) {
            registry.makeGauge(descriptor: Self.jobsDescriptor, labels: [("kind", group.kind), ("state", group.state)])
                .set(to: Double(n))
        }
        registry.makeCounter(descriptor: Self.capturesDescriptor).increment(by: Int64(captures))
        for kind in FetchFailureKinds.allKinds {
            registry.makeCounter(descriptor: Self.failuresDescriptor, labels: [("kind", kind)])
                .increment(by: Int64(failures[kind] ?? 0))
        }
        registry.makeGauge(descriptor: Self.evidenceDescriptor).set(to: Double(evidenceBytes))
        return registry.emitToBuffer()
    }

    static var databaseUp: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "kaiguul", metricName: "metrics_database", unitName: "up",
        helpText: "1 when this scrape could read the database figures below, else 0") }
    static var jobsDescriptor: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "kaiguul", metricName: "jobs", unitName: "",
        helpText: "Jobs in the jobs table by kind and state") }
    static var dueDescriptor: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "kaiguul", metricName: "jobs_due", unitName: "",
        helpText: "Queue depth: jobs a worker could claim now (queued and due, or lease expired), by kind") }
    static var capturesDescriptor: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "kaiguul", metricName: "captures", unitName: "total",
        helpText: "Capture rows (fetches recorded), failed ones included") }
    static var failuresDescriptor: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "kaiguul", metricName: "fetch_failures", unitName: "total",
        helpText: "Captures whose fetch failed, by kind of failure") }
    static var evidenceDescriptor: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "kaiguul", metricName: "evidence", unitName: "bytes",
        helpText: "Bytes of WARC records (request, response, metadata) the captures point at") }

    struct ReadFailure: Error {}
}
