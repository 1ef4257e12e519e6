import Fluent
import KaiguulCore
import Vapor

/// What `serve` does before it listens: migrate, seed the demo when asked, and make sure an
/// admin exists — printing a one-time password once when it had to create one.
struct ServeBootstrap: LifecycleHandler {
    static func isServe(_ arguments: [String]) -> Bool {
        let command = arguments.dropFirst().first { !$0.hasPrefix("-") }
        return command == nil || command == "serve"
    }

    func willBootAsync(_ app: Application) async throws {
        try await app.autoMigrate()
        if Environment.get("KAIGUUL_SEED_DEMO") == "1" {
            let logins = try await DemoData.seed(app: app)
            try await AuditCheckpoints.write(app: app)
            print(DemoData.banner(logins: logins))
        }
        if try await User.query(on: app.db).filter(\.$roleRaw == Role.admin.rawValue).count() == 0 {
            let created = try await UserStore.create(username: "admin", displayName: "Administrator", role: .admin,
                                                     password: nil, mustChange: true, actor: .system, app: app)
            print("""

            ┌─ First start: an administrator account was created ───────────────
            │  username: admin
            │  password: \(created.password)
            │  This password is shown once. Sign in and change it (Account page).
            └───────────────────────────────────────────────────────────────────

            """)
        }
    }
}
