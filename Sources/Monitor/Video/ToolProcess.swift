import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs an outside program (yt-dlp) in a process group of its own, so a time limit or a size limit
/// can end it together with whatever it started (yt-dlp may start ffprobe or helpers); Foundation's
/// `Process` would only signal the leader and leave its children running.
///
/// Standard output and error go to files in a private folder instead of pipes: nobody has to drain a
/// pipe for the child to make progress, and only a bounded prefix of each is ever read back.
struct ToolProcess: Sendable {
    struct Outcome: Sendable {
        enum End: Sendable, Equatable {
            case exited(Int32)
            case signalled(Int32)
            case timedOut
            /// `watch` asked to stop (a file grew past its limit).
            case stopped(String)
            case cancelled
        }

        var end: End
        var stdout: [UInt8]
        var stderr: [UInt8]
        /// True when standard output was longer than what was read back.
        var stdoutCut: Bool
    }

    enum LaunchFailure: Error, Sendable, Equatable {
        case missing(String)
        case spawn(Int32)
        case workFolder(String)
    }

    let executable: String
    let arguments: [String]
    let environment: [String: String]
    let timeout: Duration
    let maximumOutputBytes: Int

    /// `watch` is called a few times a second while the program runs; a non-nil answer ends it.
    func run(watch: @Sendable () -> String? = { nil }) async throws(LaunchFailure) -> Outcome {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("kaiguul-tool-\(UUID().uuidString)", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .workFolder(error.localizedDescription)
        }
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outPath = scratch.appendingPathComponent("stdout").path
        let errPath = scratch.appendingPathComponent("stderr").path

        let pid = try spawn(stdoutPath: outPath, stderrPath: errPath)
        let deadline = ContinuousClock.now + timeout
        var end: Outcome.End?
        var lastWatch = ContinuousClock.now
        while end == nil {
            if let status = Self.exitStatusIfDone(pid) {
                end = status
                break
            }
            if Task.isCancelled {
                end = .cancelled
            } else if ContinuousClock.now >= deadline {
                end = .timedOut
            } else if ContinuousClock.now - lastWatch >= .milliseconds(200) {
                lastWatch = .now
                if let reason = watch() { end = .stopped(reason) }
            }
            if end != nil { break }
            try? await Task.sleep(for: .milliseconds(40))
        }
        // The group is killed while its leader is still unreaped (waitid with WNOWAIT above), so the
        // group id cannot have been handed to an unrelated process in between.
        kill(-pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let out = Self.readPrefix(outPath, limit: maximumOutputBytes)
        let err = Self.readPrefix(errPath, limit: 64 * 1024)
        return Outcome(end: end ?? .exited(0), stdout: out.bytes, stderr: err.bytes, stdoutCut: out.cut)
    }

    private func spawn(stdoutPath: String, stderrPath: String) throws(LaunchFailure) -> pid_t {
        guard FileManager.default.isExecutableFile(atPath: executable) else { throw .missing(executable) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        // A fresh signal state: the server may have ignored SIGPIPE or blocked signals, which a child inherits.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGINT)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var noMask = sigset_t()
        sigemptyset(&noMask)
        posix_spawnattr_setsigmask(&attributes, &noMask)
        posix_spawnattr_setflags(&attributes,
                                 Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw .spawn(result) }
        return pid
    }

    /// The end of the leader, without reaping it.
    private static func exitStatusIfDone(_ pid: pid_t) -> Outcome.End? {
        var info = siginfo_t()
        let result = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
        guard result == 0 else { return nil }
        #if canImport(Glibc)
        let childPID = info._sifields._sigchld.si_pid
        let status = info._sifields._sigchld.si_status
        #else
        let childPID = info.si_pid
        let status = info.si_status
        #endif
        guard childPID == pid else { return nil }
        return info.si_code == CLD_EXITED ? .exited(status) : .signalled(status)
    }

    private static func readPrefix(_ path: String, limit: Int) -> (bytes: [UInt8], cut: Bool) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return ([], false) }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: limit + 1)) ?? Data()
        return (Array(data.prefix(limit)), data.count > limit)
    }

    /// Finds `name` on PATH.
    static func onPath(_ name: String, environment: [String: String]) -> String? {
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
