import Vapor

/// `/healthz` (the process answers), `/readyz` (it can work: `Readiness`) and `/metrics`
/// (Prometheus, behind `MetricsAccess`). None needs a session; none writes.
enum HealthController {
    static func register(_ app: Application) throws {
        let settings = OperationsSettings.from(ProcessInfo.processInfo.environment)
        if let problem = settings.problem { throw CommandFailure(problem) }
        app.operations = settings
        app.databaseMetricsCache = DatabaseMetricsCache()
        // Our middleware times requests by route and status class; Vapor's own copy of that histogram
        // (by exact status) would double every series.
        app.http.server.configuration.reportMetrics = false
        _ = ProcessMetrics.registry
        app.get("healthz", use: healthz)
        app.get("readyz", use: readyz)
        app.get("metrics", use: metrics)
    }

    /// Alive, nothing more: no database, so a slow database never gets the process restarted.
    @Sendable static func healthz(req: Request) -> Response {
        plain("ok")
    }

    @Sendable static func readyz(req: Request) async throws -> Response {
        let report = await Readiness.check(req.application, on: req.db)
        let response = Response(status: report.ready ? .ok : .serviceUnavailable)
        try response.content.encode(report, as: .json)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    @Sendable static func metrics(req: Request) async throws -> Response {
        switch MetricsAccess.decide(req.application.operations, bearer: req.headers.bearerAuthorization?.token,
                                    clientAddress: req.clientAddress) {
        case .closed: throw Abort(.notFound)
        case .refused: throw AppError.forbidden
        case .allowed: break
        }
        var body = ProcessMetrics.registry.emitToBuffer()
        do {
            let db = req.db
            let figures = try await req.application.databaseMetricsCache.figures(
                maxAge: req.application.operations.metricsCacheSeconds) { try await DatabaseMetrics.read(on: db) }
            body += figures.exposition(databaseUp: true)
        } catch {
            req.logger.warning("metrics: database figures not read: \(String(describing: error).prefix(500))")
            body += DatabaseMetrics().exposition(databaseUp: false)
        }
        let response = Response(status: .ok, body: .init(data: Data(body)))
        response.headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    private static func plain(_ text: String) -> Response {
        let response = Response(status: .ok, body: .init(string: text))
        response.headers.replaceOrAdd(name: .contentType, value: "text/plain; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
