import Foundation
import Logging
import NIOConcurrencyHelpers
import Vapor

@testable import App

/// Counts the SQL statements the app sends, by reading the query log SQLKit writes for each one
/// ("Executing query") through whichever logger the database handle was made with. A request's
/// `req.db` logs through `req.logger`, work done on `app.db` through `app.logger`: the counter takes
/// over both, so a page cannot hide queries by going through the application's handle.
final class QueryCounter: @unchecked Sendable {
    private let statements = NIOLockedValueBox<[String]>([])

    var count: Int { statements.withLockedValue { $0.count } }
    var sql: [String] { statements.withLockedValue { $0 } }

    func reset() { statements.withLockedValue { $0 = [] } }

    fileprivate func record(_ sql: String) { statements.withLockedValue { $0.append(sql) } }

    var logger: Logger {
        var logger = Logger(label: "kaiguul.query-count") { _ in Handler(counter: self) }
        logger.logLevel = .trace
        return logger
    }

    /// Installs the counter on `app`: its own logger and, as the outermost middleware, each request's.
    func install(on app: Application) {
        app.logger = logger
        app.middleware.use(Middleware(counter: self), at: .beginning)
    }

    private struct Middleware: AsyncMiddleware {
        let counter: QueryCounter
        func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
            request.logger = counter.logger
            return try await next.respond(to: request)
        }
    }

    private struct Handler: LogHandler {
        let counter: QueryCounter
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            guard event.message.description == "Executing query" else { return }
            if case .string(let sql)? = event.metadata?["sql"] { counter.record(sql) } else { counter.record("?") }
        }
    }
}
