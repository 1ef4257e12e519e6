import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App

/// The shipped `kaiguul` binary offers no way around due process: no command walks a case through
/// the workflow as invented people, and nothing a deployer sets seeds the demo's well-known password.
@Suite("Shipped binary") struct ShippedBinaryTests {
    /// Every top-level command of the production registry. A new command joins this list only after
    /// checking that it cannot record an expert conclusion, a court decision or a block.
    static let reviewedCommands: Set<String> = [
        "analyze", "archive", "audit", "backup", "bank", "case", "classifier", "demo", "exchange", "export", "import", "keys",
        "langid", "media", "migrate", "mirrors", "probe", "report", "restore", "retention", "user", "verify-blocks", "verify-package", "worker",
    ]

    @Test func theProductionRegistryHasNoFixtureCommand() async throws {
        try await withApp { app in
            // MUT: `withApp` ran `configure`, which registers what the `kaiguul` binary offers.
            let names = Set(app.asyncCommands.commands.keys)
            // validate
            #expect(!names.contains("blocklist-fixture"))
            #expect(!names.contains { $0.contains("fixture") })
            #expect(names.subtracting(["serve", "routes", "boot"]) == Self.reviewedCommands,
                    "unreviewed commands: \(names.subtracting(Self.reviewedCommands).sorted())")
        }
    }

    @Test func serveRefusesTheDemoSeedVariable() async throws {
        // setup
        let dir = try ShippedBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // MUT
        let run = try await ShippedBinary.run(["serve", "--hostname", "127.0.0.1", "--port", "0", "--no-worker"],
                                        environment: ["KAIGUUL_DATA_DIR": dir.path, "KAIGUUL_SEED_DEMO": "1"])
        // validate
        #expect(run.exited && run.status != 0, "serve ran with KAIGUUL_SEED_DEMO=1")
        #expect(run.stderr.contains("KAIGUUL_SEED_DEMO"), "\(run.stderr.suffix(400))")
        #expect(!run.stdout.contains(ShippedBinary.demoPassword))
    }

    @Test func demoRefusesADatabaseURL() async throws {
        // setup
        let dir = try ShippedBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // MUT: nothing listens on port 1; a demo that tried would fail on the connection instead.
        let run = try await ShippedBinary.run(["demo", "--hostname", "127.0.0.1", "--port", "0"],
                                        environment: ["KAIGUUL_DATA_DIR": dir.path,
                                                      "DATABASE_URL": "postgres://kaiguul@127.0.0.1:1/production"])
        // validate
        #expect(run.exited && run.status != 0)
        #expect(run.stderr.contains("DATABASE_URL") && run.stderr.contains("refus"), "\(run.stderr.suffix(400))")
    }
}

/// Runs the built `kaiguul` binary (`.build/debug/kaiguul`, made by `swift build --build-tests`).
enum ShippedBinary {
    static let demoPassword = "kaiguul-demo"

    struct Run {
        var exited: Bool
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-bin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Runs the binary with only the given environment (plus PATH and a low bcrypt cost); a process
    /// still running after `limit` seconds is killed and reported as not exited.
    static func run(_ arguments: [String], environment: [String: String], limit: TimeInterval = 30,
                    binary: String = "kaiguul", logLevel: String = "warning") async throws -> Run {
        // A thread of its own: waiting for a process must not hold one of the test executor's threads.
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    try runWaiting(arguments + ["--log", logLevel], environment: environment, limit: limit,
                                   binary: binary)
                })
            }.start()
        }
    }

    private static func runWaiting(_ arguments: [String], environment: [String: String], limit: TimeInterval,
                                   binary: String) throws -> Run {
        let path = packageRoot.appendingPathComponent(".build/debug/\(binary)").path
        guard FileManager.default.isExecutableFile(atPath: path) else { throw TestFailure("\(path) not built") }
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("stdout"), err = dir.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment.merging(
            ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "KAIGUUL_BCRYPT_COST": "4"]
        ) { mine, _ in mine }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        let deadline = Date().addingTimeInterval(limit)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        let exited = !process.isRunning
        if !exited {
            process.terminate()
            process.waitUntilExit()
        }
        return Run(exited: exited, status: process.terminationStatus,
                   stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                   stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}
