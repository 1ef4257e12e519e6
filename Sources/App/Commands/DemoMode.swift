import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `kaiguul demo [--hostname H] [--port P] [--with-worker]` is `serve` on a fresh SQLite database in
/// the `demo` folder inside the data folder (`data/demo` by default), seeded with the fictional demo
/// dataset. The dataset's builder is not part of the `kaiguul` binary (it invents people who record
/// conclusions and court decisions): `kaiguul demo` hands over to `kaiguul-fixture demo`, built next
/// to it from the source tree, which wipes that folder and seeds only its own empty database.
public enum DemoMode {
    public static let fixtureTool = "kaiguul-fixture"

    /// Why the demo will not start in this environment, or nil. Its accounts share a published
    /// password, so it never writes into a database it did not create.
    public static func refusal(environment: [String: String]) -> String? {
        guard environment["DATABASE_URL"].map({ !$0.isEmpty }) == true else { return nil }
        return "kaiguul demo: refusing to run with DATABASE_URL set: the demo writes accounts with a published "
            + "password and runs only on its own fresh SQLite database in the data folder's `demo` folder. "
            + "Unset DATABASE_URL."
    }

    /// The `kaiguul` entry point's hook: `kaiguul demo …` becomes `kaiguul-fixture demo …` (this process
    /// is replaced, or exits non-zero saying why not); every other command line passes unchanged.
    public static func rewrite(_ arguments: [String]) -> [String] {
        guard arguments.count >= 2, arguments[1] == "demo" else { return arguments }
        let problem = handOver(arguments)
        FileHandle.standardError.write(Data((problem + "\n").utf8))
        exit(1)
    }

    /// Replaces the process with the fixture tool; returns only what went wrong.
    static func handOver(_ arguments: [String]) -> String {
        if let refusal = refusal(environment: ProcessInfo.processInfo.environment) { return refusal }
        let own = Bundle.main.executableURL ?? URL(fileURLWithPath: arguments[0])
        let tool = own.resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent(fixtureTool).path
        guard FileManager.default.isExecutableFile(atPath: tool) else {
            return "kaiguul demo: the demo dataset is not part of this binary; it comes with \(fixtureTool), built "
                + "next to it from the source tree (`make run`), and there is none at \(tool)"
        }
        let argv = [tool, "demo"] + arguments.dropFirst(2)
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        execv(tool, &cArguments)
        return "kaiguul demo: could not start \(tool): \(String(cString: strerror(errno)))"
    }

    /// For `kaiguul-fixture demo`: refuses what `refusal` names, wipes the demo folder, points the data
    /// folder at it, and returns the `serve` command line (without a worker unless `--with-worker`).
    public static func serveArguments(_ arguments: [String], environment: [String: String]) throws -> [String] {
        if let refusal = refusal(environment: environment) { throw CommandFailure(refusal) }
        let base = environment["KAIGUUL_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "data"
        let dir = (base as NSString).appendingPathComponent("demo")
        if FileManager.default.fileExists(atPath: dir) { try FileManager.default.removeItem(atPath: dir) }
        setenv("KAIGUUL_DATA_DIR", dir, 1)
        // The demo watches nothing: its sources are invented, and a worker would go out to the
        // real platforms to look for them. `--with-worker` asks for one anyway.
        var rest = Array(arguments.dropFirst(2))
        if rest.contains("--with-worker") {
            rest.removeAll { $0 == "--with-worker" }
        } else if !rest.contains("--no-worker") {
            rest.append("--no-worker")
        }
        return [arguments[0], "serve"] + rest
    }
}
