import Vapor

/// Times every request into `kaiguul_http_request_duration_seconds`, labelled by the matched
/// route's pattern, the method and the status class. Installed outermost, so error pages and
/// refusals of the inner middleware are counted with the status the client got. A streamed body is
/// timed to its first byte (the response head), not to its end.
struct RequestMetricsMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next.respond(to: request)
            Self.record(request, status: response.status, since: start)
            return response
        } catch {
            Self.record(request, status: (error as? any AbortError)?.status ?? .internalServerError, since: start)
            throw error
        }
    }

    private static func record(_ request: Request, status: HTTPResponseStatus, since start: ContinuousClock.Instant) {
        ProcessMetrics.recordRequest(route: routeLabel(request), method: methodLabel(request.method),
                                     statusClass: statusClass(status), duration: ContinuousClock.now - start)
    }

    /// `/cases/:id`: the pattern the router matched; `unmatched` for anything no route serves, so a
    /// scanner's thousand made-up paths are one series.
    static func routeLabel(_ request: Request) -> String {
        guard let route = request.route else { return "unmatched" }
        return "/" + route.path.map(\.description).joined(separator: "/")
    }

    /// A client can send any method token; only the ones routes use become their own label.
    static func methodLabel(_ method: HTTPMethod) -> String {
        switch method {
        case .GET, .HEAD, .POST, .PUT, .PATCH, .DELETE, .OPTIONS: method.rawValue
        default: "other"
        }
    }

    static func statusClass(_ status: HTTPResponseStatus) -> String {
        let code = status.code
        return (100...599).contains(code) ? "\(code / 100)xx" : "other"
    }
}
