import Fluent
import Vapor

/// Brings `exchange_objects` up to date before a partner reads, so a lifted block is served as
/// revoked on the next read, not the next scheduled run. Reads come in bursts (a client pages
/// through a collection): the publisher runs when the records changed since its last run
/// (`ExchangeRevision`, one cheap query, so a lift made by another process counts at once), and
/// otherwise at most once per `interval`; concurrent readers wait for the run in progress instead
/// of starting another. A failed run fails the read: serving what might still show a reversed
/// decision as standing is worse than a retry.
actor ExchangeFreshness {
    typealias Publish = @Sendable (any Database, Date) async throws -> Int

    private(set) var interval: TimeInterval
    private var publish: Publish?
    private var lastRun: Date?
    /// The records' revision the last run published from.
    private var lastRevision: String?
    private var running: Task<Void, any Error>?

    init(interval: TimeInterval = 30, publish: Publish?) {
        self.interval = interval
        self.publish = publish
    }

    /// Tests set 0 to publish before every read.
    func configure(interval: TimeInterval? = nil, publish: Publish?? = nil) {
        if let interval { self.interval = interval }
        if let publish { self.publish = publish }
        lastRun = nil
        lastRevision = nil
    }

    func ensureFresh(app: Application) async throws {
        if let running {
            try await running.value
            return
        }
        guard let publish else { return }
        let revision = try await ExchangeRevision.current(on: app.db)
        // Another reader may have started a run while this one read the revision.
        if let running {
            try await running.value
            return
        }
        if let lastRun, Date().timeIntervalSince(lastRun) < interval, revision == lastRevision { return }
        let task = Task {
            // SQLite takes one writer at a time (the write gate); on PostgreSQL the publisher keeps its
            // own transaction, so its retry after losing a race to another process starts afresh.
            if app.usesSQLite {
                _ = try await app.write { db in try await publish(db, Date()) }
            } else {
                _ = try await publish(app.db, Date())
            }
        }
        running = task
        defer { running = nil }
        try await task.value
        lastRun = Date()
        lastRevision = revision
    }

    /// The publisher of record.
    static let publisher: Publish? = { db, now in try await ExchangePublisher.sync(on: db, now: now) }
}

struct ExchangeFreshnessKey: StorageKey {
    typealias Value = ExchangeFreshness
}

extension Application {
    var exchangeFreshness: ExchangeFreshness {
        if let existing = storage[ExchangeFreshnessKey.self] { return existing }
        let made = ExchangeFreshness(publish: ExchangeFreshness.publisher)
        storage[ExchangeFreshnessKey.self] = made
        return made
    }
}
