import Fluent
import Vapor

/// `kaiguul migrate`: applies every pending migration, without asking.
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "revert", help: "Revert the last batch instead (asks no questions; use with care).")
        var revert: Bool
    }

    var help: String { "Creates or updates the database tables." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        if signature.revert {
            try await app.autoRevert()
            context.console.print("Reverted the last batch of migrations.")
        } else {
            try await app.autoMigrate()
            context.console.print("Database is up to date (\(app.usesSQLite ? app.kaiguul.sqlitePath.path : "PostgreSQL")).")
        }
    }
}
