import Foundation
import Vapor

/// Counts submissions per client address in a sliding window, in memory. Nothing about the
/// visitor is stored anywhere; the cost is that each process keeps its own count.
actor RateLimiter {
    let limit: Int
    let window: TimeInterval
    private var hits: [String: [Date]] = [:]

    init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// Records an attempt; false when the address is over its limit.
    func allow(_ key: String, now: Date = Date()) -> Bool {
        let recent = (hits[key] ?? []).filter { now.timeIntervalSince($0) < window }
        if recent.count >= limit {
            hits[key] = recent
            return false
        }
        hits[key] = recent + [now]
        if hits.count > 100_000 { hits = hits.filter { !$0.value.isEmpty } }
        return true
    }
}

struct TipRateLimiterKey: StorageKey {
    typealias Value = RateLimiter
}

extension Application {
    /// Public tips: at most 5 per address in 10 minutes (set up in `ProgrammeRoutes`).
    var tipRateLimiter: RateLimiter {
        storage[TipRateLimiterKey.self] ?? RateLimiter(limit: 0, window: 600)
    }
}
