import Fluent
import Foundation
import KaiguulCore
import NIOConcurrencyHelpers
import Testing
import Vapor

@testable import App
@testable import KaiguulFixtures

/// The demo's accounts share a published password: `serve` seeds them only when this process is the
/// demo, and the demo only into an empty database of its own.
@Suite("Demo seeding") struct DemoSeedingTests {
    /// A seeder that would write one account with the demo password, and says whether it ran.
    static func probe(_ ran: NIOLockedValueBox<Bool>) -> DemoSeeder {
        DemoSeeder { app, _ in
            ran.withLockedValue { $0 = true }
            _ = try await UserStore.create(username: "analyst", displayName: "Demo", role: .analyst,
                                           password: DemoData.password, mustChange: false, actor: .system, app: app)
            return "seeded"
        }
    }

    @Test func theDemoRefusesADatabaseThatHasAccounts() async throws {
        try await withApp { app in
            // setup
            _ = try await UserStore.create(username: "someone", displayName: "Someone", role: .legal, password: nil,
                                           mustChange: true, actor: .system, app: app)
            let ran = NIOLockedValueBox(false)
            app.demoSeeder = Self.probe(ran)
            // MUT
            await #expect(throws: (any Error).self) { try await ServeBootstrap(environment: [:]).willBootAsync(app) }
            // validate
            #expect(!ran.withLockedValue { $0 })
            let seeded = try await User.query(on: app.db).filter(\.$username == "analyst").count()
            #expect(seeded == 0)
        }
    }

    @Test func theDemoSeedsItsOwnEmptyDatabase() async throws {
        try await withApp { app in
            // setup
            let ran = NIOLockedValueBox(false)
            app.demoSeeder = Self.probe(ran)
            // MUT and validate: SQLite in a folder of its own is seeded; a DATABASE_URL database never.
            if TestBackend.postgresURL == nil {
                try await ServeBootstrap(environment: [:]).willBootAsync(app)
                #expect(ran.withLockedValue { $0 })
            } else {
                await #expect(throws: (any Error).self) { try await ServeBootstrap(environment: [:]).willBootAsync(app) }
                #expect(!ran.withLockedValue { $0 })
            }
        }
    }

    @Test func serveWithoutTheDemoRefusesTheSeedVariable() async throws {
        try await withApp { app in
            // MUT
            await #expect(throws: (any Error).self) {
                try await ServeBootstrap(environment: ["KAIGUUL_SEED_DEMO": "1"]).willBootAsync(app)
            }
            // validate: nothing written, not even the first admin.
            let accounts = try await User.query(on: app.db).count()
            #expect(accounts == 0)
        }
    }

    @Test func theDemoRefusesADatabaseURL() throws {
        #expect(DemoMode.refusal(environment: ["DATABASE_URL": "postgres://kaiguul@db.internal/kaiguul"]) != nil)
        #expect(DemoMode.refusal(environment: ["DATABASE_URL": ""]) == nil)
        #expect(throws: (any Error).self) {
            _ = try DemoMode.serveArguments(["kaiguul-fixture", "demo"],
                                            environment: ["DATABASE_URL": "postgres://kaiguul@db.internal/kaiguul"])
        }
    }
}
