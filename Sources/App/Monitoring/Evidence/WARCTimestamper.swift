import Evidence
import Foundation
import Vapor

/// Gets every closed WARC file an RFC 3161 timestamp, without ever holding up a capture.
///
/// The writer reports each file it closes (`closedFiles`: rotation by size, `close()`, and
/// `tick`'s rotation by age, which closes a file once it has been open longer than the interval,
/// so every file is whole when it is stamped and none waits longer than that for its token).
/// Each file's SHA-256 goes to the configured authorities in a background task (a few at once);
/// each token is kept beside the file as `<file>.<n>.tsr` plus `<file>.timestamps.json`, and
/// written as a `resource` record into the open or the next WARC file. A file no authority
/// stamped is tried again at the next tick. Tokens that never reached a later file (the process
/// stopped first) are queued again when the next process starts.
actor WARCTimestamper {
    /// Asks the authorities for tokens over a SHA-256; one per authority that answered validly.
    typealias Stamp = @Sendable (_ sha256: [UInt8]) async -> [StampedToken]

    struct Settings: Sendable {
        var stamp: Stamp
        /// No file stays open longer than this (`KAIGUUL_TIMESTAMP_MINUTES`).
        var interval: TimeInterval
        /// How often the age rule and the retries run.
        var tick: TimeInterval
        var logger: Logger
        var now: @Sendable () -> Date = { Date() }
        /// Files stamped at the same time.
        var concurrency = 2
    }

    nonisolated let writer: WARCWriter
    nonisolated let directory: URL
    private var settings: Settings?
    private var received: Set<String> = []
    private var waiting: [ClosedWARC] = []
    private var failed: [ClosedWARC] = []
    private var inFlight: [String: Task<Void, Never>] = [:]
    private var loops: [Task<Void, Never>] = []
    private let activation = ActivationBox()

    init(writer: WARCWriter, directory: URL) {
        self.writer = writer
        self.directory = directory
    }

    /// Starts timestamping from a synchronous context (making the services); `shutdown` waits for it.
    nonisolated func activate(_ settings: Settings) {
        activation.set(Task { await self.start(settings) })
    }

    var isActive: Bool { settings != nil }

    private func start(_ settings: Settings) async {
        guard self.settings == nil else { return }
        self.settings = settings
        await requeueUnrecordedTokens()
        let writer = self.writer
        loops.append(Task { [weak self] in
            for await file in writer.closedFiles {
                await self?.receive(file)
            }
        })
        loops.append(Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(settings.tick))
                if Task.isCancelled { return }
                await self?.tick()
            }
        })
    }

    /// The age rule and the retries: closes the open file if it was opened more than the interval
    /// ago, and tries again the files no authority stamped.
    func tick(now: Date? = nil) async {
        await activation.value()
        guard let settings else { return }
        let cutoff = (now ?? settings.now()).addingTimeInterval(-settings.interval)
        // Only what had failed before this tick: a file closed now and failing meanwhile waits for the next.
        let retries = failed
        failed = []
        do {
            if let closed = try await writer.close(openedBefore: cutoff) { receive(closed) }
        } catch {
            settings.logger.error("timestamps: could not close the WARC file for its timestamp: \(error)")
        }
        waiting += retries
        launch()
    }

    /// Closes the open file, then waits (at most `limit`) until every closed file was tried once.
    func closeAndStamp(within limit: Duration) async {
        await activation.value()
        do {
            if let closed = try await writer.close(), settings != nil { receive(closed) }
        } catch {
            settings?.logger.error("timestamps: could not close the WARC file: \(error)")
        }
        await settle(within: limit)
    }

    /// Stamps what is closed (bounded wait) and stops the background tasks.
    func shutdown(within limit: Duration) async {
        await closeAndStamp(within: limit)
        loops.forEach { $0.cancel() }
        loops = []
        inFlight.values.forEach { $0.cancel() }
    }

    /// Waits until no file is waiting or being stamped, or `limit` has passed.
    func settle(within limit: Duration) async {
        await activation.value()
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline, let next = inFlight.values.first {
            let remaining = deadline - ContinuousClock.now
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await next.value }
                group.addTask { try? await Task.sleep(for: remaining) }
                await group.next()
                group.cancelAll()
            }
        }
    }

    private func receive(_ file: ClosedWARC) {
        guard settings != nil, received.insert(file.name).inserted else { return }
        noteCarried(by: file)
        waiting.append(file)
        launch()
    }

    private func launch() {
        guard let settings else { return }
        while inFlight.count < settings.concurrency, !waiting.isEmpty {
            let file = waiting.removeFirst()
            inFlight[file.name] = Task { await self.stampAndKeep(file) }
        }
    }

    private func stampAndKeep(_ file: ClosedWARC) async {
        guard let settings else { return }
        let tokens = await settings.stamp(file.sha256Bytes)
        defer {
            inFlight[file.name] = nil
            launch()
        }
        guard !tokens.isEmpty else {
            settings.logger.warning("timestamps: no authority stamped \(file.name); trying again at the next tick")
            failed.append(file)
            return
        }
        do {
            let stored = try keep(tokens, for: file)
            for (token, kept) in zip(tokens, stored) {
                try await writer.writeInCurrentOrNextFile(WARCTimestampRecord.capture(
                    of: file, tsa: token.tsa, genTime: token.genTime, response: token.response,
                    source: "timestamp \(kept.path)"))
            }
            settings.logger.info("timestamps: \(file.name) stamped by \(tokens.map(\.tsa).joined(separator: ", "))")
        } catch {
            settings.logger.error("timestamps: could not keep the tokens of \(file.name): \(error)")
            failed.append(file)
        }
    }

    /// Writes each token as `<file>.<n>.tsr` (never over an existing one) and the sidecar naming them.
    private func keep(_ tokens: [StampedToken], for file: ClosedWARC) throws -> [StoredToken] {
        var sidecar = (try? WARCTimestamps.read(forWARC: file.name, in: directory)) ?? WARCTimestamps(file: file)
        var stored: [StoredToken] = []
        var number = sidecar.tokens.count
        for token in tokens {
            var name: String
            repeat {
                number += 1
                name = WARCTimestamps.tokenName(forWARC: file.name, number: number)
            } while FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path)
            try token.response.write(to: directory.appendingPathComponent(name), options: .withoutOverwriting)
            stored.append(StoredToken(tsa: token.tsa, genTime: token.genTime, path: name))
        }
        sidecar.tokens += stored
        try sidecar.write(in: directory)
        return stored
    }

    /// A closed file that holds earlier files' timestamp records: note in their sidecars where.
    private func noteCarried(by file: ClosedWARC) {
        for name in Set(file.carried.compactMap(WARCTimestampRecord.fileName(fromTargetURI:))) {
            guard var sidecar = try? WARCTimestamps.read(forWARC: name, in: directory) else { continue }
            for index in sidecar.tokens.indices where sidecar.tokens[index].recordedIn == nil {
                sidecar.tokens[index].recordedIn = file.name
            }
            do {
                try sidecar.write(in: directory)
            } catch {
                settings?.logger.error(
                    "timestamps: could not note that \(file.name) holds the tokens of \(name): \(error)")
            }
        }
    }

    /// Tokens kept beside their files but not yet in a later file (the last process stopped
    /// before a capture opened one) go into the next file this process writes.
    private func requeueUnrecordedTokens() async {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for sidecarName in names.sorted() where sidecarName.hasSuffix(".timestamps.json") {
            let warcName = String(sidecarName.dropLast(".timestamps.json".count))
            guard let sidecar = try? WARCTimestamps.read(forWARC: warcName, in: directory) else { continue }
            let file = ClosedWARC(
                name: sidecar.file, url: directory.appendingPathComponent(sidecar.file), size: sidecar.size,
                sha256: sidecar.sha256, opened: Date())
            for token in sidecar.tokens where token.recordedIn == nil {
                guard let response = try? token.response(in: directory) else { continue }
                _ = try? await writer.writeInCurrentOrNextFile(WARCTimestampRecord.capture(
                    of: file, tsa: token.tsa, genTime: token.genTime, response: response,
                    source: "timestamp \(token.path)"))
            }
        }
    }
}

/// The task that starts the timestamper, so shutdown can wait for a start still under way.
final class ActivationBox: @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<Void, Never>?

    func set(_ task: Task<Void, Never>) {
        lock.withLock { self.task = task }
    }

    func value() async {
        let task = lock.withLock { self.task }
        await task?.value
    }
}
