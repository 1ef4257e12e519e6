import Fluent
import Vapor

/// The demo dataset's builder, returning the banner that lists its logins and the address to open.
/// Only `kaiguul-fixture demo` (what `kaiguul demo` runs) sets one; the shipped binary has none, so its
/// `serve` never seeds.
public struct DemoSeeder: Sendable {
    public var seed: @Sendable (Application, ServeAddress) async throws -> String

    public init(seed: @escaping @Sendable (Application, ServeAddress) async throws -> String) {
        self.seed = seed
    }

    /// Why the seeder may not write into this database, or nil. Its accounts share a published password:
    /// it writes only into its own fresh database — never PostgreSQL, never one that has accounts.
    static func refusal(app: Application) async throws -> String? {
        if app.kaiguul.databaseURL != nil {
            return "kaiguul demo: refusing to seed a DATABASE_URL database: the demo's accounts share a published "
                + "password and go only into its own fresh SQLite database."
        }
        let accounts = try await User.query(on: app.db).count()
        if accounts > 0 {
            return "kaiguul demo: refusing to seed: the database already has \(accounts) account(s), so it is not the "
                + "demo's own fresh database (\(app.kaiguul.sqlitePath.path))."
        }
        return nil
    }
}

struct DemoSeederKey: StorageKey {
    typealias Value = DemoSeeder
}

extension Application {
    public var demoSeeder: DemoSeeder? {
        get { storage[DemoSeederKey.self] }
        set { storage[DemoSeederKey.self] = newValue }
    }
}
