import Foundation

/// `kaiguul demo [--hostname H] [--port P]` is `serve` on a fresh SQLite database in the `demo`
/// folder inside the data folder (`data/demo` by default), seeded with the demo dataset. Only that
/// folder is wiped. With `DATABASE_URL` set nothing is wiped: the demo rows are added to what is
/// there, which is meant for a throwaway database only.
public enum DemoMode {
    public static func rewrite(_ arguments: [String]) -> [String] {
        guard arguments.count >= 2, arguments[1] == "demo" else { return arguments }
        let env = ProcessInfo.processInfo.environment
        if env["DATABASE_URL"].map({ !$0.isEmpty }) != true {
            let base = env["KAIGUUL_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "data"
            let dir = (base as NSString).appendingPathComponent("demo")
            try? FileManager.default.removeItem(atPath: dir)
            setenv("KAIGUUL_DATA_DIR", dir, 1)
        }
        setenv("KAIGUUL_SEED_DEMO", "1", 1)
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
