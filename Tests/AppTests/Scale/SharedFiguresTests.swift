import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Vapor

@testable import App
@testable import KaiguulFixtures

/// The figures every viewer shares are counted once and served, dated, to all (`FiguresCache`); the
/// block list is rendered once per serial (`BlocklistCache`).
@Suite("Shared figures") struct SharedFiguresTests {
    /// Counts how often a count ran, and what it returns next.
    final class Counter: Sendable {
        private let state = NIOLockedValueBox<(runs: Int, next: Int, fail: Bool)>((0, 1, false))
        var runs: Int { state.withLockedValue { $0.runs } }
        func returnNext(_ value: Int) { state.withLockedValue { $0.next = value } }
        func failNext(_ fail: Bool) { state.withLockedValue { $0.fail = fail } }
        func count() async throws -> Int {
            let (value, fail) = state.withLockedValue { s -> (Int, Bool) in
                s.runs += 1
                return (s.next, s.fail)
            }
            try await Task.sleep(for: .milliseconds(20))
            if fail { throw TestFailure("count failed") }
            return value
        }
    }

    /// Waits until the background recount has replaced the figures (or a second has passed).
    static func settle(_ cache: FiguresCache, _ key: String, at now: Date, until expected: Int,
                       counter: Counter) async throws -> Int
    {
        for _ in 0..<100 {
            let value = try await cache.figures(key, now: now) { try await counter.count() }.value
            if value == expected { return value }
            try await Task.sleep(for: .milliseconds(10))
        }
        return try await cache.figures(key, now: now) { try await counter.count() }.value
    }

    @Test func withoutALifetimeEveryViewCounts() async throws {
        let cache = FiguresCache(lifetime: 0)
        let counter = Counter()
        _ = try await cache.figures("k") { try await counter.count() }
        _ = try await cache.figures("k") { try await counter.count() }
        #expect(counter.runs == 2)
    }

    @Test func withinTheLifetimeTheFirstCountIsServedWithItsTime() async throws {
        let cache = FiguresCache(lifetime: 60)
        let counter = Counter()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let first = try await cache.figures("k", now: start) { try await counter.count() }
        counter.returnNext(2)
        let later = try await cache.figures("k", now: start.addingTimeInterval(59)) { try await counter.count() }
        #expect(counter.runs == 1)
        #expect(later.value == first.value)
        #expect(later.countedAt == start)
    }

    @Test func concurrentViewersOfANewKeyWaitForOneCount() async throws {
        let cache = FiguresCache(lifetime: 60)
        let counter = Counter()
        let values = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<20 { group.addTask { try await cache.figures("k") { try await counter.count() }.value } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(counter.runs == 1)
        #expect(values == Array(repeating: 1, count: 20))
    }

    @Test func oldFiguresAreServedWhileOneRecountRuns() async throws {
        let cache = FiguresCache(lifetime: 60)
        let counter = Counter()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        _ = try await cache.figures("k", now: start) { try await counter.count() }
        counter.returnNext(2)
        let expired = start.addingTimeInterval(61)
        // Several viewers after the lifetime: all get the old figures at once; one recount starts.
        for _ in 0..<5 {
            let view = try await cache.figures("k", now: expired) { try await counter.count() }
            #expect(view.value == 1 || view.countedAt == expired)
        }
        #expect(try await Self.settle(cache, "k", at: expired, until: 2, counter: counter) == 2)
        #expect(counter.runs == 2)
        let recounted = try await cache.figures("k", now: expired) { try await counter.count() }
        #expect(recounted.countedAt == expired)
    }

    @Test func aFailedRecountKeepsTheOldFiguresAndTheirTime() async throws {
        let cache = FiguresCache(lifetime: 60)
        let counter = Counter()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        _ = try await cache.figures("k", now: start) { try await counter.count() }
        counter.failNext(true)
        let expired = start.addingTimeInterval(120)
        _ = try await cache.figures("k", now: expired) { try await counter.count() }
        try await Task.sleep(for: .milliseconds(100))
        let view = try await cache.figures("k", now: expired) { try await counter.count() }
        #expect(view.value == 1)
        #expect(view.countedAt == start)
    }

    @Test func theOldestKeyIsDroppedBeyondTheCapacity() async throws {
        let cache = FiguresCache(lifetime: 60, capacity: 2)
        let counter = Counter()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        for (offset, key) in ["a", "b", "c"].enumerated() {
            _ = try await cache.figures(key, now: start.addingTimeInterval(Double(offset))) { try await counter.count() }
        }
        try await Task.sleep(for: .milliseconds(50))
        #expect(counter.runs == 3)
        _ = try await cache.figures("c", now: start.addingTimeInterval(3)) { try await counter.count() }
        #expect(counter.runs == 3)
        _ = try await cache.figures("a", now: start.addingTimeInterval(3)) { try await counter.count() }
        #expect(counter.runs == 4, "the oldest key was kept beyond the capacity")
    }

    @Test func theLifetimeIsReadFromTheEnvironment() throws {
        #expect(try FiguresCache.lifetime([:], environment: .production) == 60)
        #expect(try FiguresCache.lifetime([:], environment: .testing) == 0)
        #expect(try FiguresCache.lifetime(["KAIGUUL_FIGURES_CACHE_SECONDS": "300"], environment: .production) == 300)
        #expect(throws: CommandFailure.self) { try FiguresCache.lifetime(["KAIGUUL_FIGURES_CACHE_SECONDS": "-1"], environment: .production) }
        #expect(throws: CommandFailure.self) { try FiguresCache.lifetime(["KAIGUUL_FIGURES_CACHE_SECONDS": "soon"], environment: .production) }
    }

    /// On the demo: with a lifetime, the dashboard and the report count the year once and date the figures.
    @Test func theDashboardAndReportCountOnceAndSayWhen() async throws {
        try await withApp { app in
            _ = try await DemoData.seed(app: app)
            app.figuresCache = FiguresCache(lifetime: 3600)
            let counter = QueryCounter()
            counter.install(on: app)
            let admin = Browser(app)
            try await admin.login("admin", DemoData.password)
            for path in ["/dashboard", "/reports"] {
                counter.reset()
                let first = try await admin.get(path)
                let counted = counter.count
                counter.reset()
                let second = try await admin.get(path)
                #expect(first.status == .ok && second.status == .ok)
                #expect(second.body.contains("id=\"figures-counted-at\""), "\(path) does not say when its figures were counted")
                #expect(counter.count < counted - 5, "\(path): \(counted) statements, then \(counter.count) with the figures kept")
                if path == "/dashboard" {
                    let figure = #/data-stat="case.stats.identified.sites">(\d+)</#
                    #expect(first.body.firstMatch(of: figure)?.1 == second.body.firstMatch(of: figure)?.1)
                }
            }
            // Without a lifetime nothing is dated: the figures are this view's.
            app.figuresCache = FiguresCache(lifetime: 0)
            #expect(!(try await admin.get("/dashboard")).body.contains("figures-counted-at"))
        }
    }

    /// The block list is rendered once per serial: the same serial costs one statement beyond the
    /// session's, a change (which bumps the serial in its transaction) is in the next download.
    @Test func theBlockListIsRenderedAgainOnlyWhenItsSerialChanges() async throws {
        try await withApp { app in
            _ = try await DemoData.seed(app: app)
            let counter = QueryCounter()
            counter.install(on: app)
            let provider = Browser(app)
            try await provider.login("provider", DemoData.password)
            let sql = try #require(app.db as? any SQLDatabase)
            struct Row: Decodable { var id: Int; var target: String }
            let order = try #require(try await sql.raw("SELECT id, target FROM block_orders WHERE status = 'active' ORDER BY id")
                .first(decoding: Row.self))
            let first = try await provider.get("/blocklist/download/csv")
            #expect(first.body.contains(order.target))
            counter.reset()
            let again = try await provider.get("/blocklist/download/csv")
            let kept = counter.count
            counter.reset()
            app.blocklistCache = BlocklistCache()
            _ = try await provider.get("/blocklist/download/csv")
            #expect(again.body == first.body)
            #expect(kept < counter.count, "a kept rendering made \(kept) statements, a new one \(counter.count)")
            // An order lifted as BlockOrderStore lifts it: the row and the serial in one transaction.
            try await app.db.transaction { db in
                try await (db as! any SQLDatabase).raw("UPDATE block_orders SET status = 'lifted' WHERE id = \(bind: order.id)").run()
                try await BlockOrderStore.bumpSerial(on: db)
            }
            let after = try await provider.get("/blocklist/download/csv")
            #expect(!after.body.contains(order.target), "the lifted order is still listed")
            #expect(after.headers.first(name: .eTag) != first.headers.first(name: .eTag))
        }
    }
}
