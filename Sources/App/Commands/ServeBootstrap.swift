import Fluent
import KaiguulCore
import Vapor

/// What `serve` does before it listens: migrate, seed the demo when this process is the demo (a
/// `DemoSeeder` is set), and make sure an admin exists — printing a one-time password once when it
/// had to create one.
struct ServeBootstrap: LifecycleHandler {
    /// The process environment; tests hand in their own.
    var environment: [String: String] = ProcessInfo.processInfo.environment

    static func isServe(_ arguments: [String]) -> Bool {
        let command = arguments.dropFirst().first { !$0.hasPrefix("-") }
        return command == nil || command == "serve"
    }

    func willBootAsync(_ app: Application) async throws {
        let seeder = app.demoSeeder
        // Seeding once followed this variable; a deployer could set it and get accounts with the
        // published demo password. Say so rather than start as if it did something.
        if seeder == nil, environment["KAIGUUL_SEED_DEMO"].map({ !$0.isEmpty }) == true {
            throw CommandFailure("refusing to start: KAIGUUL_SEED_DEMO is set, but `serve` never seeds the demo "
                + "dataset (its accounts share a published password); only `kaiguul demo` does, on its own fresh "
                + "database. Unset KAIGUUL_SEED_DEMO.")
        }
        try await app.autoMigrate()
        try await PersonalDataKeyCheck.warnAboutMissingKeys(app)
        if let seeder {
            if let refusal = try await DemoSeeder.refusal(app: app) { throw CommandFailure(refusal) }
            let configured = app.http.server.configuration
            let address = ServeAddress.from(arguments: app.environment.arguments,
                                            defaults: ServeAddress(hostname: configured.hostname, port: configured.port))
            let banner = try await seeder.seed(app, address)
            try await AuditCheckpoints.write(app: app)
            // Written at once: `print` to a file or pipe is block-buffered and would wait for the process to end.
            FileHandle.standardOutput.write(Data((banner + "\n").utf8))
        }
        if try await User.query(on: app.db).filter(\.$roleRaw == Role.admin.rawValue).count() == 0 {
            let created = try await UserStore.create(username: "admin", displayName: "Administrator", role: .admin,
                                                     password: nil, mustChange: true, actor: .system, app: app)
            FileHandle.standardOutput.write(Data("""

            ┌─ First start: an administrator account was created ───────────────
            │  username: admin
            │  password: \(created.password)
            │  This password is shown once. Sign in and change it (Account page).
            └───────────────────────────────────────────────────────────────────


            """.utf8))
        }
    }
}
