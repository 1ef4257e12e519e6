import Fluent
import Foundation
import Vapor

@testable import App

/// `kaiguul-fixture seed-demo`: the demo dataset written into the configured database without serving
/// it, for tests that need the demo on PostgreSQL too (the backup proof). Like the demo it refuses a
/// database that has accounts; on PostgreSQL it also wants KAIGUUL_FIXTURE_SEED_POSTGRES=1, so that
/// the published demo password goes only into a throwaway test database someone named on purpose.
struct DemoSeedCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Seeds the demo dataset into an empty test database (fixture tool only)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        if app.kaiguul.databaseURL != nil, ProcessInfo.processInfo.environment["KAIGUUL_FIXTURE_SEED_POSTGRES"] != "1" {
            throw CommandFailure("seed-demo: refusing DATABASE_URL without KAIGUUL_FIXTURE_SEED_POSTGRES=1 (the demo's "
                + "accounts share a published password; only a throwaway test database may hold them)")
        }
        try await app.autoMigrate()
        let accounts = try await User.query(on: app.db).count()
        guard accounts == 0 else {
            throw CommandFailure("seed-demo: the database already has \(accounts) account(s); the demo goes only into an empty one")
        }
        let logins = try await DemoData.seed(app: app)
        try await AuditCheckpoints.write(app: app)
        context.console.print("seeded the demo dataset: \(logins.count) accounts, password \(DemoData.password)")
    }
}
