import Foundation
import Vapor

/// Settings of the job loop, from the environment so tests and the kill test can shorten them.
struct WorkerSettings: Sendable {
    /// How long a claimed job stays ours without renewal (`KAIGUUL_JOB_LEASE_SECONDS`, default 300).
    var lease: TimeInterval = 300
    /// Pause when no job is due (`KAIGUUL_WORKER_POLL_SECONDS`, default 5).
    var pollInterval: TimeInterval = 5
    /// A job whose lease expired this many times is failed instead of claimed again.
    var maxAttempts: Int = 5
    /// The slow kinds (OCR, video frames, training) and their own slots and leases (`SlowJobKinds`).
    var slow: [String: SlowJobKinds.Setting] = SlowJobKinds.defaults

    static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> WorkerSettings {
        var settings = WorkerSettings()
        if let lease = env["KAIGUUL_JOB_LEASE_SECONDS"].flatMap(Double.init), lease >= 1 { settings.lease = lease }
        if let poll = env["KAIGUUL_WORKER_POLL_SECONDS"].flatMap(Double.init), poll > 0 { settings.pollInterval = poll }
        if let attempts = env["KAIGUUL_JOB_MAX_ATTEMPTS"].flatMap(Int.init), attempts >= 1 {
            settings.maxAttempts = attempts
        }
        settings.slow = SlowJobKinds.fromEnvironment(env)
        return settings
    }

    /// The lease a job of `kind` is claimed and renewed with.
    func lease(for kind: String) -> TimeInterval { slow[kind]?.lease ?? lease }

    var leases: [String: TimeInterval] { slow.mapValues(\.lease) }
}

/// Runs a job. One per job kind, registered in `Worker.handlers`.
typealias JobHandler = @Sendable (ClaimedJob, Application) async throws -> Void

/// Claims jobs and runs them: `kaiguul worker`, and the one embedded in `kaiguul serve`.
/// Every job ends written as done or failed with its error; a worker that dies leaves a lease
/// that expires, and another worker takes the job up again.
struct Worker: Sendable {
    let app: Application
    let id: String
    let settings: WorkerSettings
    let handlers: [String: JobHandler]

    init(app: Application, settings: WorkerSettings = .fromEnvironment(), handlers: [String: JobHandler]? = nil) {
        self.app = app
        self.settings = settings
        self.handlers = handlers ?? Self.defaultHandlers
        let host = ProcessInfo.processInfo.hostName.prefix(60)
        id = "\(host):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8).lowercased())"
    }

    static let defaultHandlers: [String: JobHandler] = [
        JobQueue.Kind.checkSource: { job, app in try await CheckSourceJob.run(job, app: app) },
        VerifyBlocksJob.kind: { job, app in try await VerifyBlocksJob.run(job, app: app) },
        MirrorCheckJob.kind: { job, app in try await MirrorCheckJob.run(job, app: app) },
        OCRImageJob.kind: { job, app in try await OCRImageJob.run(job, app: app) },
        VideoHashJob.kind: { job, app in try await VideoHashJob.run(job, app: app) },
        ClassifierTrainJob.kind: { job, app in try await ClassifierTrainJob.run(job, app: app) },
    ]

    /// The slots of this process: `concurrency` general ones that take every kind but the slow ones,
    /// then each slow kind's own (its concurrency; 0 leaves that kind to other workers). Slow kinds
    /// this worker has no handler for get no slot.
    func slots(concurrency: Int) -> [(name: String, kinds: JobQueue.KindFilter)] {
        let slowKinds = settings.slow.keys.sorted()
        var list = (0..<max(concurrency, 1)).map { (name: String($0), kinds: JobQueue.KindFilter.except(slowKinds)) }
        for kind in slowKinds where handlers[kind] != nil {
            for n in 0..<(settings.slow[kind]?.concurrency ?? 0) {
                list.append((name: "\(kind)-\(n)", kinds: .only([kind])))
            }
        }
        return list
    }

    /// Claims and runs one job. Returns false when none was due.
    @discardableResult
    func runOne(slot: Int = 0) async throws -> Bool {
        try await runOne(slot: String(slot), kinds: .except(settings.slow.keys.sorted()))
    }

    /// Claims and runs one job of the kinds the slot takes. Returns false when none was due.
    @discardableResult
    func runOne(slot: String, kinds: JobQueue.KindFilter) async throws -> Bool {
        let worker = "\(id)/\(slot)"
        guard let job = try await JobQueue.claim(worker: worker, lease: settings.lease,
                                                 maxAttempts: settings.maxAttempts, kinds: kinds,
                                                 leases: settings.leases, app: app) else { return false }
        app.logger.info("job \(job.id) \(job.kind) attempt \(job.attempt) claimed by \(worker)")
        let error = await execute(job)
        // Stopping (SIGTERM, shutdown): leave the lease to expire so another worker runs the job again.
        if Task.isCancelled { return true }
        let recorded = try await app.write { db in try await JobQueue.finish(job, error: error, on: db) }
        if !recorded {
            app.logger.warning("job \(job.id): lease lost before it finished; the new holder records its end")
        } else if let error {
            app.logger.error("job \(job.id) \(job.kind) failed: \(error)")
        }
        return true
    }

    /// Runs the handler while a heartbeat renews the lease; a lost lease cancels the handler.
    private func execute(_ job: ClaimedJob) async -> String? {
        guard let handler = handlers[job.kind] else { return "unknown job kind: \(job.kind.prefix(100))" }
        let app = self.app
        let settings = self.settings
        return await withTaskGroup(of: String??.self) { group in
            group.addTask {
                do {
                    try await handler(job, app)
                    return .some(nil)
                } catch is CancellationError {
                    return .some("cancelled: the lease was lost or the worker stopped")
                } catch {
                    return .some(String(describing: error))
                }
            }
            group.addTask {
                let lease = settings.lease(for: job.kind)
                let beat = max(lease / 3, 0.2)
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(beat))
                    if Task.isCancelled { break }
                    if (try? await JobQueue.renew(job, lease: lease, app: app)) == false {
                        return .none  // lease lost
                    }
                }
                return .some(nil)
            }
            var result: String?? = nil
            while let next = await group.next() {
                switch next {
                case .none:
                    result = .some("lease lost")
                    group.cancelAll()
                case .some(let outcome):
                    if result == nil { result = .some(outcome) }
                    group.cancelAll()
                }
            }
            return result ?? nil
        }
    }

    /// The loop: schedule due checks, claim, run, sleep when idle. Every slot (`slots`) claims
    /// independently. Ends when the task is cancelled, or after one pass with `once`.
    func run(concurrency: Int, once: Bool) async {
        let slots = slots(concurrency: concurrency)
        if once {
            _ = try? await JobQueue.scheduleDueChecks(app: app)
            // The general slots first: the checks they run queue the slow kinds' jobs.
            for pass in [slots.filter { !$0.kinds.isOnly }, slots.filter(\.kinds.isOnly)] {
                await withTaskGroup(of: Void.self) { group in
                    for slot in pass {
                        group.addTask {
                            while !Task.isCancelled {
                                do {
                                    if try await !runOne(slot: slot.name, kinds: slot.kinds) { return }
                                } catch {
                                    app.logger.error("worker: \(error)")
                                    return
                                }
                            }
                        }
                    }
                }
            }
            return
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    do {
                        try await JobQueue.scheduleDueChecks(app: app)
                        try await VerifyBlocksJob.scheduleIfDue(app: app)
                    } catch {
                        app.logger.error("scheduler: \(error)")
                    }
                    try? await Task.sleep(for: .seconds(settings.pollInterval))
                }
            }
            for slot in slots {
                group.addTask {
                    while !Task.isCancelled {
                        var worked = false
                        do {
                            worked = try await runOne(slot: slot.name, kinds: slot.kinds)
                        } catch {
                            app.logger.error("worker: \(error)")
                        }
                        if !worked { try? await Task.sleep(for: .seconds(settings.pollInterval)) }
                    }
                }
            }
        }
    }
}
