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
        // Forget addresses whose last attempt is outside the window, so the table does not grow
        // with every address ever seen.
        if hits.count > 10_000 { hits = hits.filter { now.timeIntervalSince($0.value.last ?? .distantPast) < window } }
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

struct TipLookupLimiterKey: StorageKey {
    typealias Value = RateLimiter
}

extension Application {
    /// Looking a tip up by its reference: at most 30 per address in 10 minutes (set up in `ProgrammeRoutes`).
    var tipLookupLimiter: RateLimiter {
        storage[TipLookupLimiterKey.self] ?? RateLimiter(limit: 0, window: 600)
    }
}
