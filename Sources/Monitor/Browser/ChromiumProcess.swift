import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A Chromium process in a process group of its own (renderers, GPU and utility processes join it),
/// so closing kills the whole tree, and its throwaway profile directory.
final class ChromiumProcess: Sendable {
    let pid: pid_t
    let profile: URL

    enum LaunchError: Error, CustomStringConvertible {
        case spawn(String, Int32)
        case exited(Int32, String)
        case noEndpoint(String)

        var description: String {
            switch self {
            case .spawn(let path, let code): "could not start \(path): \(String(cString: strerror(code)))"
            case .exited(let status, let log): "the browser exited at start (status \(status)): \(log)"
            case .noEndpoint(let log): "the browser did not open its DevTools endpoint in time: \(log)"
            }
        }
    }

    private init(pid: pid_t, profile: URL) {
        self.pid = pid
        self.profile = profile
    }

    /// Starts the browser and waits for `DevToolsActivePort`; returns the process and the browser
    /// endpoint's WebSocket URL.
    static func start(_ configuration: BrowserConfiguration) async throws -> (ChromiumProcess, String) {
        let profile = configuration.temporaryDirectory.appendingPathComponent("kaiguul-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        let log = profile.appendingPathComponent("chromium.log").path
        let arguments = [configuration.executable]
            + ChromiumArguments.make(userDataDirectory: profile.appendingPathComponent("profile").path,
                                     runningAsRoot: ChromiumArguments.runningAsRoot)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        // Chromium's own log stays in the profile folder; its tail explains a failed start.
        posix_spawn_file_actions_addopen(&actions, 2, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let code = posix_spawn(&pid, configuration.executable, &actions, &attributes, argv, environ)
        guard code == 0 else {
            try? FileManager.default.removeItem(at: profile)
            throw LaunchError.spawn(configuration.executable, code)
        }
        let process = ChromiumProcess(pid: pid, profile: profile)

        let portFile = profile.appendingPathComponent("profile/DevToolsActivePort")
        let deadline = ContinuousClock.now + configuration.launchTimeout
        while ContinuousClock.now < deadline {
            if let status = process.exitStatus() {
                let tail = process.logTail()
                process.removeProfile()
                throw LaunchError.exited(status, tail)
            }
            // The file is written whole once the endpoint listens: a port line and a path line.
            if let text = try? String(contentsOf: portFile, encoding: .utf8) {
                let lines = text.split(whereSeparator: \.isNewline)
                if lines.count >= 2, let port = Int(lines[0]), port > 0 {
                    return (process, "ws://127.0.0.1:\(port)\(lines[1])")
                }
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        let tail = process.logTail()
        await process.terminate()
        throw LaunchError.noEndpoint(tail)
    }

    /// The exit status once the process has ended (and was reaped), else nil.
    func exitStatus() -> Int32? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid { return status }
        if result == -1 && errno == ECHILD { return -1 }
        return nil
    }

    var isRunning: Bool { kill(pid, 0) == 0 && exitStatus() == nil }

    /// SIGTERM to the group, SIGKILL after two seconds, then the profile goes.
    func terminate() async {
        kill(-pid, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(2)
        while ContinuousClock.now < deadline {
            if exitStatus() != nil { break }
            try? await Task.sleep(for: .milliseconds(25))
        }
        kill(-pid, SIGKILL)
        _ = exitStatus()
        removeProfile()
    }

    func logTail() -> String {
        let log = profile.appendingPathComponent("chromium.log")
        guard let data = try? Data(contentsOf: log) else { return "" }
        return String(decoding: data.suffix(600), as: UTF8.self)
    }

    private func removeProfile() {
        try? FileManager.default.removeItem(at: profile)
    }
}
