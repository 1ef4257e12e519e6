import Foundation
import Vapor

/// `kaiguul restore DIR`: into an empty data folder (KAIGUUL_DATA_DIR) and, with DATABASE_URL, an empty
/// PostgreSQL database. It runs before the rest of `configure`: an ordinary start would create signing
/// keys and an SQLite file in the very folder that must be empty.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "folder", help: "a folder written by `kaiguul backup`")
        var folder: String
    }

    var help: String { "Restores a backup into an empty data folder and database, after checking every file." }

    /// The `configure` hook: for `kaiguul restore`, registers this command alone and says so.
    static func registerAlone(on app: Application, config: AppConfig) -> Bool {
        let arguments = app.environment.arguments
        guard arguments.count >= 2, arguments[1] == "restore" else { return false }
        app.asyncCommands.use(RestoreCommand(), as: "restore")
        return true
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let folder = URL(fileURLWithPath: signature.folder,
                         relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
        let report: BackupRestorer.Report
        do {
            report = try await BackupRestorer(app: app, backup: folder, config: app.kaiguul, log: { message in
                FileHandle.standardError.write(Data("kaiguul restore: \(message)\n".utf8))
            }).run()
        } catch let refusal as BackupRefusal {
            throw CommandFailure(refusal.description)
        }
        context.console.print(String(format: "restored %@ into %@: %@ database (%d migrations), %d files, %llu bytes, in %.2f s",
                                     folder.path, app.kaiguul.dataDirectory.path, report.database, report.migrations,
                                     report.files, report.bytes, report.seconds)
            + (report.missingPersonalKeys.isEmpty ? ""
                : "; \(report.missingPersonalKeys.count) personal data key(s) missing from \(report.personalKeyFolder) (see above)")
            + "; now run `kaiguul audit verify`")
    }
}
