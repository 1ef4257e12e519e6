import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The daily retention run while `serve` runs: once shortly after start (not at once, so start and
/// migrations are not slowed) and then every 24 hours. Several `serve` processes on one PostgreSQL
/// may each run it: a second run finds nothing left to erase.
struct RetentionSchedule: LifecycleHandler {
    var firstAfter: Duration = .seconds(120)
    var every: Duration = .seconds(86_400)
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    init(firstAfter: Duration = .seconds(120), every: Duration = .seconds(86_400)) {
        self.firstAfter = firstAfter
        self.every = every
    }

    func didBootAsync(_ app: Application) async throws {
        let (first, every) = (firstAfter, every)
        task.withLockedValue {
            $0 = Task {
                var wait = first
                while !Task.isCancelled {
                    try? await Task.sleep(for: wait)
                    if Task.isCancelled { break }
                    wait = every
                    do {
                        let counts = try await Retention.apply(settings: app.retention, app: app)
                        app.logger.info("retention: \(counts.details(asOf: Retention.day(Date())).map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
                    } catch {
                        app.logger.error("retention: \(String(describing: error))")
                    }
                }
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        guard let running = task.withLockedValue({ current -> Task<Void, Never>? in
            defer { current = nil }
            return current
        }) else { return }
        running.cancel()
        await running.value
    }
}
