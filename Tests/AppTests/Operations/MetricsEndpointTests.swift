import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// `/metrics`: closed unless a token or an address list opens it; latency by route pattern and status
/// class; the jobs, captures, failures and evidence figures read from the database. (Issue 18, point 5.)
@Suite(.serialized) struct MetricsEndpointTests {
    static let token = "scrape-token-for-the-tests-0123"

    static func scrape(_ app: Application, token: String? = MetricsEndpointTests.token) async throws -> PeerClient.Reply {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        return try await PeerClient(app, peer: "192.0.2.50").send(.GET, "/metrics", headers: headers)
    }

    /// The sample lines of `name` whose labels contain `labels` (e.g. `kind="check_source"`).
    static func value(_ text: String, _ name: String, _ labels: String = "") -> Double? {
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard line.hasPrefix(name + "{") || line.hasPrefix(name + " ") else { continue }
            if !labels.isEmpty, !line.contains(labels) { continue }
            return line.split(separator: " ").last.flatMap { Double($0) }
        }
        return nil
    }

    @Test func closedByDefault() async throws {
        try await withApp { app in
            // MUT
            let withToken = try await Self.scrape(app)
            let without = try await Self.scrape(app, token: nil)
            // validate
            #expect(withToken.status == .notFound)
            #expect(without.status == .notFound)
            #expect(!withToken.body.contains("kaiguul_"))
        }
    }

    @Test func aTokenOpensItAndNothingElseDoes() async throws {
        try await withApp { app in
            // setup
            app.operations.metricsToken = Self.token
            // MUT
            let without = try await Self.scrape(app, token: nil)
            let wrong = try await Self.scrape(app, token: Self.token + "x")
            let right = try await Self.scrape(app)
            // validate
            #expect(without.status == .forbidden)
            #expect(wrong.status == .forbidden)
            #expect(!wrong.body.contains("kaiguul_jobs"))
            #expect(right.status == .ok)
            #expect(right.headers.first(name: .contentType) == "text/plain; version=0.0.4; charset=utf-8")
            #expect(right.body.contains("# TYPE kaiguul_jobs gauge"))
            #expect(Self.value(right.body, "kaiguul_metrics_database_up") == 1)
        }
    }

    @Test func anAllowedAddressOpensItWithoutToken() async throws {
        try await withApp { app in
            // setup
            app.operations.metricsAllow = [AddressRange("10.20.0.0/16")!, AddressRange("2001:db8::/32")!]
            // MUT
            let inside = try await PeerClient(app, peer: "10.20.3.4").get("/metrics")
            let inside6 = try await PeerClient(app, peer: "2001:db8::7").get("/metrics")
            let outside = try await PeerClient(app, peer: "10.21.0.1").get("/metrics")
            // A client cannot talk its way in with a header when no proxy is trusted.
            let forged = try await PeerClient(app, peer: "198.51.100.9").get("/metrics", forwardedFor: "10.20.3.4")
            // validate
            #expect(inside.status == .ok)
            #expect(inside6.status == .ok)
            #expect(outside.status == .forbidden)
            #expect(forged.status == .forbidden)
        }
    }

    @Test func requestsAreTimedByRoutePatternAndStatusClass() async throws {
        try await withApp { app in
            // setup
            app.operations.metricsToken = Self.token
            let browser = Browser(app)
            let login = #"kaiguul_http_request_duration_seconds_count{route="/login",method="GET",status="2xx"}"#
            let before = Self.value(try await Self.scrape(app).body, login.components(separatedBy: "{")[0],
                                    #"route="/login",method="GET",status="2xx""#) ?? 0
            let secret = "no-such-page-\(UUID().uuidString)"
            // MUT
            try await browser.get("/login")
            try await browser.get("/login")
            try await browser.get("/organizations/12345")
            try await browser.get("/\(secret)")
            _ = try await PeerClient(app, peer: "192.0.2.9").send(.RAW(value: "BREW"), "/\(secret)")
            let text = try await Self.scrape(app).body
            // validate
            let name = "kaiguul_http_request_duration_seconds_count"
            #expect((Self.value(text, name, #"route="/login",method="GET",status="2xx""#) ?? 0) >= before + 2)
            #expect(text.contains(#"kaiguul_http_request_duration_seconds_bucket{route="/login",method="GET",status="2xx",le="0.3"}"#))
            #expect(Self.value(text, name, #"route="/organizations/:id",method="GET",status="3xx""#) != nil)
            #expect(Self.value(text, name, #"route="unmatched",method="GET",status="4xx""#) != nil)
            #expect(Self.value(text, name, #"route="unmatched",method="other",status="4xx""#) != nil)
            #expect(!text.contains(secret))
            #expect(!text.contains("12345"))
            #expect(!text.contains("BREW"))
        }
    }

    @Test func jobsCapturesFailuresAndEvidenceComeFromTheDatabase() async throws {
        try await withApp { app in
            // setup
            app.operations.metricsToken = Self.token
            app.operations.metricsCacheSeconds = 0
            try await JobQueue.enqueue(kind: JobQueue.Kind.checkSource, payload: "{}", dedupeKey: "source:1", on: app.db)
            try await JobQueue.enqueue(kind: JobQueue.Kind.checkSource, payload: "{}", dedupeKey: "source:2",
                                       runAt: Date().addingTimeInterval(3600), on: app.db)
            try await JobQueue.enqueue(kind: "mirror_check", payload: "{}", dedupeKey: nil, on: app.db)
            try await (app.db as! any SQLDatabase).raw("UPDATE jobs SET status = 'done' WHERE kind = 'mirror_check'").run()
            let rows: [(String?, String, Int?)] = [
                (nil, "http", 1000), ("connect timeout", "http", nil), ("could not resolve a.example: NXDOMAIN", "http", nil),
                ("address refused: b.example -> 10.0.0.1 (private)", "http", nil), ("no document loaded", "browser", nil),
                ("something nobody foresaw", "http", 24),
            ]
            for (error, mode, length) in rows {
                let capture = Capture()
                capture.url = "https://fictional-site.example/"
                capture.fetchedAt = Date()
                capture.collector = "test"
                capture.error = error
                capture.captureMode = mode
                capture.warcLength = length
                capture.requestLength = length.map { _ in 100 }
                try await capture.create(on: app.db)
            }
            // MUT
            let text = try await Self.scrape(app).body
            // validate
            #expect(Self.value(text, "kaiguul_jobs", #"kind="check_source",state="queued""#) == 2)
            #expect(Self.value(text, "kaiguul_jobs", #"kind="check_source",state="running""#) == 0)
            #expect(Self.value(text, "kaiguul_jobs", #"kind="mirror_check",state="done""#) == 1)
            #expect(Self.value(text, "kaiguul_jobs_due", #"kind="check_source""#) == 1)
            #expect(Self.value(text, "kaiguul_jobs_due", #"kind="mirror_check""#) == 0)
            #expect(Self.value(text, "kaiguul_captures_total") == 6)
            #expect(Self.value(text, "kaiguul_fetch_failures_total", #"kind="connect_timeout""#) == 1)
            #expect(Self.value(text, "kaiguul_fetch_failures_total", #"kind="resolution_failed""#) == 1)
            #expect(Self.value(text, "kaiguul_fetch_failures_total", #"kind="address_refused""#) == 1)
            #expect(Self.value(text, "kaiguul_fetch_failures_total", #"kind="browser""#) == 1)
            #expect(Self.value(text, "kaiguul_fetch_failures_total", #"kind="other""#) == 1)
            #expect(Self.value(text, "kaiguul_fetch_failures_total", #"kind="read_timeout""#) == 0)
            #expect(Self.value(text, "kaiguul_evidence_bytes") == 1224)
        }
    }

    @Test func theDatabaseFiguresOfAScrapeAreReusedForAWhile() async throws {
        try await withApp { app in
            // setup
            app.operations.metricsToken = Self.token
            app.operations.metricsCacheSeconds = 600
            let first = try await Self.scrape(app).body
            try await JobQueue.enqueue(kind: JobQueue.Kind.checkSource, payload: "{}", dedupeKey: "source:9", on: app.db)
            // MUT
            let cached = try await Self.scrape(app).body
            app.operations.metricsCacheSeconds = 0
            let fresh = try await Self.scrape(app).body
            // validate
            #expect(Self.value(first, "kaiguul_jobs", #"kind="check_source",state="queued""#) == 0)
            #expect(Self.value(cached, "kaiguul_jobs", #"kind="check_source",state="queued""#) == 0)
            #expect(Self.value(fresh, "kaiguul_jobs", #"kind="check_source",state="queued""#) == 1)
        }
    }

    @Test func aTokenIsComparedWhole() {
        var settings = OperationsSettings()
        settings.metricsToken = Self.token
        #expect(MetricsAccess.decide(settings, bearer: Self.token, clientAddress: "192.0.2.1") == .allowed)
        #expect(MetricsAccess.decide(settings, bearer: String(Self.token.dropLast()), clientAddress: "192.0.2.1") == .refused)
        #expect(MetricsAccess.decide(settings, bearer: nil, clientAddress: "unknown") == .refused)
        #expect(MetricsAccess.decide(OperationsSettings(), bearer: Self.token, clientAddress: "127.0.0.1") == .closed)
    }
}
