import Foundation

/// `pg_dump` and `pg_restore`, run as child processes. The connection goes to them through the
/// `PG*` environment variables, never the command line, so a password in DATABASE_URL does not show
/// in the process list.
enum PostgresTools {
    /// The binary named by `variable` (`KAIGUUL_PG_DUMP`, `KAIGUUL_PG_RESTORE`), else `name` on PATH.
    static func executable(_ name: String, variable: String,
                           env: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        if let named = env[variable], !named.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: named) else {
                throw CommandFailure("\(variable)=\(named) is not an executable file")
            }
            return URL(fileURLWithPath: named)
        }
        for folder in (env["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw CommandFailure("\(name) not found on PATH (install the PostgreSQL client or set \(variable))")
    }

    /// libpq's variables for a `postgres://user:password@host:port/database?sslmode=…` URL.
    static func connectionEnvironment(_ databaseURL: String) throws -> [String: String] {
        guard let c = URLComponents(string: databaseURL),
              ["postgres", "postgresql"].contains(c.scheme ?? ""),
              let database = c.path.split(separator: "/").first.map(String.init), !database.isEmpty
        else {
            throw CommandFailure("DATABASE_URL is not a postgres://host/database URL")
        }
        var env: [String: String] = ["PGDATABASE": database.removingPercentEncoding ?? database]
        if let host = c.host, !host.isEmpty { env["PGHOST"] = host }
        if let port = c.port { env["PGPORT"] = String(port) }
        if let user = c.user, !user.isEmpty { env["PGUSER"] = user.removingPercentEncoding ?? user }
        if let password = c.password { env["PGPASSWORD"] = password.removingPercentEncoding ?? password }
        for item in c.queryItems ?? [] where ["sslmode", "tlsmode"].contains(item.name) {
            env["PGSSLMODE"] = item.value
        }
        if env["PGSSLMODE"] == nil { env["PGSSLMODE"] = "prefer" }
        return env
    }

    /// Runs `executable` with `arguments`; its stderr goes to ours (pg_dump's own messages), its
    /// stdout is discarded. Throws with the exit status on failure.
    static func run(_ executable: URL, _ arguments: [String], databaseURL: String) async throws {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        for (key, value) in try connectionEnvironment(databaseURL) { env[key] = value }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.standardError
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: CommandFailure("cannot start \(executable.path): \(error)"))
            }
        }
        guard status == 0 else {
            throw CommandFailure("\(executable.lastPathComponent) failed (exit status \(status))")
        }
    }
}
