import Fluent
import Foundation

/// Ten failed logins for one account from one address within 15 minutes lock that pair for 15
/// minutes; twenty from one address, whatever the usernames (one password sprayed over many
/// accounts), lock the address. Attempts made while locked are refused without checking the
/// password and are not counted, so a locked attacker cannot extend the lock for ever, nor learn
/// anything.
enum LoginLockout {
    static let threshold = 10
    /// Failed logins from one address across every username within the window that lock the address.
    static let addressThreshold = 20
    static let window: TimeInterval = 15 * 60
    static let duration: TimeInterval = 15 * 60

    /// Pure rule: given failure times since the last success (ascending), when does the lock end?
    static func lockedUntil(failures: [Date], threshold: Int = threshold) -> Date? {
        guard failures.count >= threshold else { return nil }
        var until: Date?
        for end in (threshold - 1)..<failures.count {
            let start = failures[end - threshold + 1]
            if failures[end].timeIntervalSince(start) <= window {
                until = failures[end].addingTimeInterval(duration)
            }
        }
        return until
    }

    static func lockedUntil(username: String, address: String, now: Date, on db: any Database) async throws -> Date? {
        let since = now.addingTimeInterval(-(window + duration))
        let attempts = try await LoginAttempt.query(on: db)
            .filter(\.$username == username).filter(\.$address == address).filter(\.$at >= since)
            .sort(\.$at).all()
        let lastSuccess = attempts.last(where: \.succeeded)?.at
        let failures = attempts.filter { !$0.succeeded && (lastSuccess == nil || $0.at > lastSuccess!) }.map(\.at)
        let addressLock = try await addressLockedUntil(address: address, now: now, on: db)
        let until = [lockedUntil(failures: failures), addressLock].compactMap { $0 }.max()
        guard let until, until > now else { return nil }
        return until
    }

    /// A success does not reset the address's count: a sprayer could sign in to an account of its
    /// own between tries.
    static func addressLockedUntil(address: String, now: Date, on db: any Database) async throws -> Date? {
        let since = now.addingTimeInterval(-(window + duration))
        let failures = try await LoginAttempt.query(on: db)
            .filter(\.$address == address).filter(\.$succeeded == false).filter(\.$at >= since)
            .sort(\.$at).all().map(\.at)
        guard let until = lockedUntil(failures: failures, threshold: addressThreshold), until > now else { return nil }
        return until
    }

    static func record(username: String, address: String, succeeded: Bool, at: Date, on db: any Database) async throws {
        let attempt = LoginAttempt()
        attempt.username = username
        attempt.address = address
        attempt.at = at
        attempt.succeeded = succeeded
        try await attempt.create(on: db)
    }
}
