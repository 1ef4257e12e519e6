import Vapor

/// `kaiguul worker [--once] [--concurrency N]`: runs due source checks until stopped. Many worker
/// processes may share one PostgreSQL database; each job runs in one of them at a time.
struct WorkerCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "once", help: "Queue due checks, run what is due, then exit.")
        var once: Bool
        @Option(name: "concurrency", help: "Jobs run at the same time in this process (default 2), besides the slow kinds' own slots (KAIGUUL_JOB_<KIND>_CONCURRENCY).")
        var concurrency: Int?
    }

    var help: String { "Runs scheduled source checks (fetch, capture to WARC, extract, store)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let concurrency = min(max(signature.concurrency ?? 2, 1), 64)
        let worker = Worker(app: app)
        let slow = worker.slots(concurrency: concurrency).filter(\.kinds.isOnly).map(\.name)
        context.console.print("Worker \(worker.id) with \(concurrency) slots"
            + (slow.isEmpty ? "" : " and slots of their own for \(slow.joined(separator: ", "))")
            + (signature.once ? ", one pass" : ""))
        let task = Task { await worker.run(concurrency: concurrency, once: signature.once) }
        if signature.once {
            await task.value
            return
        }
        // Stop on SIGINT/SIGTERM: the current jobs are cancelled and their leases expire.
        let stop = AsyncStream<Void> { continuation in
            let sources = [SIGINT, SIGTERM].map { signalNumber -> any DispatchSourceSignal in
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                source.setEventHandler { continuation.yield() }
                source.resume()
                return source
            }
            let held = SignalSources(sources)
            continuation.onTermination = { _ in held.sources.forEach { $0.cancel() } }
        }
        for await _ in stop { break }
        task.cancel()
        await task.value
    }
}

/// Keeps the signal sources alive while the stream is.
final class SignalSources: @unchecked Sendable {
    let sources: [any DispatchSourceSignal]
    init(_ sources: [any DispatchSourceSignal]) { self.sources = sources }
}

/// The worker inside `kaiguul serve` (one slot), unless `--no-worker` is given.
struct EmbeddedWorker: LifecycleHandler {
    final class Box: @unchecked Sendable {
        var task: Task<Void, Never>?
    }

    let box = Box()

    func didBootAsync(_ app: Application) async throws {
        let worker = Worker(app: app)
        app.logger.info("embedded worker \(worker.id) started (serve --no-worker to run without)")
        box.task = Task { await worker.run(concurrency: 1, once: false) }
    }

    func shutdownAsync(_ app: Application) async {
        box.task?.cancel()
        await box.task?.value
    }
}
