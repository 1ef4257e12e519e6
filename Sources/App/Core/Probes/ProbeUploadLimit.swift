import Vapor

struct ProbeUploadLimiterKey: StorageKey {
    typealias Value = RateLimiter
}

extension Application {
    /// Uploads per probe: at most 200 in 10 minutes. A probe of a national list uploads in batches of
    /// 500 measurements once a minute at most; a leaked or runaway token cannot fill the table faster.
    var probeUploadLimiter: RateLimiter {
        if let limiter = storage[ProbeUploadLimiterKey.self] { return limiter }
        let limiter = RateLimiter(limit: 200, window: 600)
        storage[ProbeUploadLimiterKey.self] = limiter
        return limiter
    }
}
