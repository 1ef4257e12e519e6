import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Checkpoints while `serve` runs: one whenever the head has moved by `entries` rows
/// (`KAIGUUL_AUDIT_CHECKPOINT_ENTRIES`, default 1000) or for `minutes`
/// (`KAIGUUL_AUDIT_CHECKPOINT_MINUTES`, default 60) since the last, and one at shutdown, after the
/// embedded worker has stopped (this handler is registered before it, so it shuts down after).
/// The head is polled rather than hooked into `AuditLog.append`: workers in other processes
/// append too, and signing inside a caller's transaction would hold its lock for the signature.
struct AuditCheckpointSchedule: LifecycleHandler {
    struct Settings: Sendable, Equatable {
        var entries: Int
        var minutes: Int

        static func from(env: [String: String] = ProcessInfo.processInfo.environment) -> Settings {
            func positive(_ key: String, _ fallback: Int) -> Int {
                env[key].flatMap(Int.init).map { min(max($0, 1), 1_000_000) } ?? fallback
            }
            return Settings(
                entries: positive("KAIGUUL_AUDIT_CHECKPOINT_ENTRIES", 1000),
                minutes: positive("KAIGUUL_AUDIT_CHECKPOINT_MINUTES", 60))
        }

        /// How often the head is looked at: often enough for `entries`, a query or two each time.
        var poll: Duration { .seconds(min(30, max(minutes * 60 / 4, 1))) }
    }

    let settings: Settings
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    init(settings: Settings = .from()) {
        self.settings = settings
    }

    func didBootAsync(_ app: Application) async throws {
        let settings = settings
        let started = Date()
        task.withLockedValue {
            $0 = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: settings.poll)
                    if Task.isCancelled { break }
                    do {
                        try await AuditCheckpoints.writeIfDue(
                            app: app, entries: settings.entries, minutes: settings.minutes,
                            since: started)
                    } catch {
                        app.logger.error("audit checkpoint: \(String(describing: error))")
                    }
                }
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        guard
            let running = task.withLockedValue({ current -> Task<Void, Never>? in
                defer { current = nil }
                return current
            })
        else { return }
        running.cancel()
        await running.value
        do {
            try await AuditCheckpoints.writeIfMoved(app: app)
        } catch {
            app.logger.error("audit checkpoint at shutdown: \(String(describing: error))")
        }
    }
}
