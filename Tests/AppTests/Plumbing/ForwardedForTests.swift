import Fluent
import Foundation
import Testing
import Vapor

@testable import App

/// Rate limits, lockouts and the audit log count the client address a proxy of ours saw, never
/// a value the client wrote into `X-Forwarded-For`.
@Suite("X-Forwarded-For against the tip limit, the login lockout and the audit log") struct ForwardedForTests {
    static let proxy = "10.0.0.1"
    static let client = "203.0.113.50"

    static func behindProxy(_ app: Application) {
        app.kaiguul.proxyTrust = ProxyTrust.from(trustProxy: "1", trustedProxies: "10.0.0.0/8")
    }

    /// A tip from the public; returns the status.
    static func tip(_ visitor: PeerClient, _ n: Int, forwardedFor: String?) async throws -> HTTPResponseStatus {
        try await visitor.get("/tip", forwardedFor: forwardedFor)
        return try await visitor.post("/tip", [("urls", "https://site-\(n).example/p"), ("comment", "Slogans"),
                                               ("website", "")], forwardedFor: forwardedFor).status
    }

    @Test func headerIgnoredWithoutTrustProxy() async throws {
        try await withApp { app in
            // setup: no proxy configured; the client writes a new header every time
            let visitor = PeerClient(app, peer: Self.client)
            var statuses: [HTTPResponseStatus] = []
            // MUT
            for n in 0..<6 { statuses.append(try await Self.tip(visitor, n, forwardedFor: "198.51.100.\(n)")) }
            _ = try await visitor.get("/login", forwardedFor: "198.51.100.77")
            _ = try await visitor.post("/login", [("username", "nobody"), ("password", "x")], forwardedFor: "198.51.100.77")
            // validate
            #expect(statuses.prefix(5).allSatisfy { $0 == .ok })
            #expect(statuses.last == .tooManyRequests)
            let failed = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "login.failed").first())
            #expect(failed.details.contains(Self.client))
            #expect(!failed.details.contains("198.51.100.77"))
        }
    }

    @Test func rotatedLeftMostValueDoesNotDefeatTheTipLimit() async throws {
        try await withApp { app in
            // setup: our proxy appends the client's address; the client rotates what it writes before it
            Self.behindProxy(app)
            let visitor = PeerClient(app, peer: Self.proxy)
            var statuses: [HTTPResponseStatus] = []
            // MUT
            for n in 0..<6 {
                statuses.append(try await Self.tip(visitor, n, forwardedFor: "198.51.100.\(n), \(Self.client)"))
            }
            // validate
            #expect(statuses.prefix(5).allSatisfy { $0 == .ok })
            #expect(statuses.last == .tooManyRequests)
            // another client behind the same proxy is not limited
            let other = PeerClient(app, peer: Self.proxy)
            #expect(try await Self.tip(other, 9, forwardedFor: "203.0.113.51") == .ok)
        }
    }

    @Test func rotatedLeftMostValueDoesNotDefeatTheLockoutNorReachTheAuditLog() async throws {
        try await withApp { app in
            // setup
            Self.behindProxy(app)
            try await app.makeUser("alice", role: .analyst)
            let visitor = PeerClient(app, peer: Self.proxy)
            _ = try await visitor.get("/login", forwardedFor: Self.client)
            // MUT: ten wrong passwords, each with a new left-most value
            for n in 0..<LoginLockout.threshold {
                _ = try await visitor.post("/login", [("username", "alice"), ("password", "wrong-\(n)")],
                                           forwardedFor: "198.51.100.\(n), \(Self.client)")
            }
            let locked = try await visitor.post("/login", [("username", "alice"), ("password", "correct-horse-battery")],
                                                forwardedFor: "198.51.100.200, \(Self.client)")
            // validate
            #expect(locked.status == .tooManyRequests)
            let entries = try await AuditEntry.query(on: app.db).filter(\.$action == "login.failed").all()
            #expect(entries.count == LoginLockout.threshold)
            #expect(entries.allSatisfy { $0.details.contains(Self.client) && !$0.details.contains("198.51.100.") })
        }
    }
}
