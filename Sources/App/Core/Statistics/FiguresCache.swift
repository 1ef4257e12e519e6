import Foundation
import Vapor

/// System-wide figures that every viewer allowed to see them sees alike, and that cost a pass over the
/// year's records (the dashboard's case figures, the period report's distributions): counted once per
/// key and served to everyone for `lifetime`. After that the old figures are still served, with the
/// time they were counted, while one recount runs in the background; only a key never counted makes
/// its viewer wait, and then concurrent viewers wait for the same count. So fifty staff opening the
/// dashboard count the year once, not fifty times, and the page says how old its figures are.
///
/// Official exports (the report's CSV and Markdown files) never come from here: they are counted
/// when asked for.
actor FiguresCache {
    struct Counted<Value: Sendable>: Sendable {
        var value: Value
        var countedAt: Date
    }

    /// Seconds a count is served without a recount; 0 counts on every view.
    let lifetime: TimeInterval
    /// Keys kept at most (a report period is chosen by the viewer): the oldest count is dropped first.
    let capacity: Int
    private var entries: [String: (value: any Sendable, countedAt: Date)] = [:]
    private var running: [String: Task<(any Sendable, Date), any Error>] = [:]
    private let logger: Logger

    init(lifetime: TimeInterval, capacity: Int = 64, logger: Logger = Logger(label: "kaiguul.figures")) {
        self.lifetime = lifetime
        self.capacity = max(1, capacity)
        self.logger = logger
    }

    func figures<Value: Sendable>(_ key: String, now: Date = Date(),
                                  count: @escaping @Sendable () async throws -> Value) async throws -> Counted<Value>
    {
        guard lifetime > 0 else { return Counted(value: try await count(), countedAt: now) }
        if let entry = entries[key], let value = entry.value as? Value {
            // A clock set back makes a count look young; treat it as old.
            let age = now.timeIntervalSince(entry.countedAt)
            if (age >= lifetime || age < 0) && running[key] == nil { _ = start(key, now: now, count: count) }
            return Counted(value: value, countedAt: entry.countedAt)
        }
        let task = running[key] ?? start(key, now: now, count: count)
        let (value, countedAt) = try await task.value
        guard let typed = value as? Value else {
            throw AppError(status: .internalServerError, message: "figures \(key): another type", literal: true)
        }
        return Counted(value: typed, countedAt: countedAt)
    }

    private func start<Value: Sendable>(_ key: String, now: Date, count: @escaping @Sendable () async throws -> Value)
        -> Task<(any Sendable, Date), any Error>
    {
        let task = Task<(any Sendable, Date), any Error> {
            let value = try await count()
            return (value, now)
        }
        running[key] = task
        Task { await self.finish(key, task) }
        return task
    }

    private func finish(_ key: String, _ task: Task<(any Sendable, Date), any Error>) async {
        defer { running[key] = nil }
        do {
            let (value, countedAt) = try await task.value
            entries[key] = (value, countedAt)
            while entries.count > capacity, let oldest = entries.min(by: { $0.value.countedAt < $1.value.countedAt }) {
                entries[oldest.key] = nil
            }
        } catch {
            // The viewers who waited got the error; a failed recount keeps the old figures, with their time.
            logger.warning("figures \(key): count failed: \(String(describing: error).prefix(300))")
        }
    }

    /// `KAIGUUL_FIGURES_CACHE_SECONDS` (0–3600; default 60, and 0 under `swift test`, where every test
    /// expects the figures of the rows it has just written).
    static func lifetime(_ env: [String: String], environment: Environment) throws -> TimeInterval {
        guard let text = env["KAIGUUL_FIGURES_CACHE_SECONDS"], !text.isEmpty else {
            return environment == .testing ? 0 : 60
        }
        guard let seconds = Int(text), (0...3600).contains(seconds) else {
            throw CommandFailure("KAIGUUL_FIGURES_CACHE_SECONDS: a number of seconds 0–3600, not \"\(text.prefix(32))\"")
        }
        return TimeInterval(seconds)
    }
}

struct FiguresCacheKey: StorageKey {
    typealias Value = FiguresCache
}

extension Application {
    /// Made by `configure`; tests replace it to turn the cache on.
    var figuresCache: FiguresCache {
        get { storage[FiguresCacheKey.self] ?? FiguresCache(lifetime: 0) }
        set { storage[FiguresCacheKey.self] = newValue }
    }
}
