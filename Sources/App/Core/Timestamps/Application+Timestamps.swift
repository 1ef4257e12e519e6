import Vapor

struct TimestampAuthoritiesKey: StorageKey {
    typealias Value = TimestampAuthorities
}

extension Application {
    /// The configured time-stamping authorities; none until `loadTimestampAuthorities` (tests set their own).
    var timestampAuthorities: TimestampAuthorities {
        get { storage[TimestampAuthoritiesKey.self] ?? .none }
        set { storage[TimestampAuthoritiesKey.self] = newValue }
    }

    func loadTimestampAuthorities(env: [String: String] = ProcessInfo.processInfo.environment) throws {
        let authorities = try TimestampAuthorities.from(env: env)
        timestampAuthorities = authorities
        if authorities.isConfigured {
            let unverified = authorities.trustedRootsPEM == nil ? ", tokens not verified (no KAIGUUL_TSA_ROOTS)" : ""
            logger.info(
                "timestamps: \(authorities.urls.count) time-stamping authorities, every \(authorities.timestampMinutes) min\(unverified)")
        } else if environment != .testing {
            logger.warning("no time-stamping authority configured (KAIGUUL_TSA_URLS): captures are hashed but not timestamped")
        }
    }
}

extension Request {
    var timestampAuthorities: TimestampAuthorities { application.timestampAuthorities }
}
