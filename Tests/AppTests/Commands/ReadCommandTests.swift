import Foundation
import SQLKit
import Testing

@testable import App

/// A command that reads the programme's data refuses a database that is not there, instead of
/// creating an empty one and answering with an empty block list or report as if that were true.
@Suite("Read commands") struct ReadCommandTests {
    static let readCommands: [[String]] = [
        ["export", "blocklist", "--format", "rpz"],
        ["report", "--from", "2026-01-01", "--to", "2026-01-31"],
        ["audit", "verify"],
        ["verify-blocks"],
        ["analyze", "/dev/null"],
        ["media", "match", "/dev/null"],
    ]

    @Test(arguments: readCommands) func refusesAMissingDatabase(_ command: [String]) async throws {
        // setup
        let dir = try ShippedBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // MUT
        let run = try await ShippedBinary.run(command, environment: ["KAIGUUL_DATA_DIR": dir.path])
        // validate
        #expect(run.exited && run.status != 0, "\(command) ran on a missing database: \(run.stdout.prefix(200))")
        #expect(run.stdout.isEmpty, "\(command) wrote to standard output: \(run.stdout.prefix(200))")
        #expect(run.stderr.contains("no Kaiguul database") && run.stderr.contains("kaiguul migrate"),
                "\(run.stderr.suffix(400))")
        let sqlite = dir.appendingPathComponent("kaiguul.sqlite").path
        #expect(!FileManager.default.fileExists(atPath: sqlite), "an empty database was left behind")
    }

    @Test func exportWritesOnlyTheZoneToStandardOutput() async throws {
        // setup
        let dir = try ShippedBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let migrated = try await ShippedBinary.run(["migrate"], environment: ["KAIGUUL_DATA_DIR": dir.path])
        #expect(migrated.exited && migrated.status == 0, "\(migrated.stderr.suffix(400))")
        // MUT: at `info` the migrator and the app log; none of it may reach standard output.
        let run = try await ShippedBinary.run(["export", "blocklist", "--format", "rpz"],
                                              environment: ["KAIGUUL_DATA_DIR": dir.path], logLevel: "info")
        // validate
        #expect(run.exited && run.status == 0, "\(run.stderr.suffix(400))")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("; Kaiguul") == true, "\(run.stdout.prefix(200))")
        // A zone line starts with a comment, a directive, the apex, a blank or an owner name: never a log timestamp.
        let logLike = lines.filter { $0.range(of: #"^\d{4}-\d{2}-\d{2}T"#, options: .regularExpression) != nil
            || $0.contains("[ INFO ]") || $0.contains(" info ") }
        #expect(logLike.isEmpty, "log lines in the zone: \(logLike.prefix(3))")
        #expect(run.stderr.contains(" warning ") || run.stderr.contains(" info "), "nothing was logged at all")
    }

    @Test func aMigratedDatabaseIsRecognised() async throws {
        try await withApp { app in
            // MUT
            let present = try await app.hasKaiguulTables()
            // validate
            #expect(present)
        }
    }
}
