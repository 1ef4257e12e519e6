import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App
@testable import KaiguulFixtures

/// The pages people open all day make a fixed, small number of SQL statements, whatever the size of
/// the records: each page is requested once on the demo, the records are then grown (more cases,
/// events, evidence, items, signals, audit rows, block orders), and the same page must make the same
/// number of statements, within its budget. A per-row query (an N+1) fails the second count.
@Suite("Queries per page") struct PageQueryCountTests {
    /// A page, the demo login that may open it, and the most statements one request of it may make.
    struct Page: Sendable, CustomStringConvertible {
        var path: String
        var login: String
        var budget: Int
        var description: String { "\(path) as \(login)" }
    }

    /// Budgets sit just above today's counts (SQLite; PostgreSQL adds a transaction's BEGIN/COMMIT on
    /// the item page): before issue 18 the dashboard made 300 statements and the period report 269.
    /// `{case}` and `{item}` stand for the demo case and item with the most evidence and signals.
    static let pages: [Page] = [
        Page(path: "/", login: "analyst", budget: 25),
        Page(path: "/dashboard", login: "admin", budget: 35),
        Page(path: "/reports", login: "admin", budget: 20),
        Page(path: "/triage", login: "analyst", budget: 20),
        Page(path: "/cases", login: "analyst", budget: 12),
        Page(path: "/cases/{case}", login: "analyst", budget: 32),
        Page(path: "/items/{item}", login: "analyst", budget: 26),
        Page(path: "/audit", login: "auditor", budget: 8),
        Page(path: "/blocklist", login: "legal", budget: 10),
        Page(path: "/blocklist/download/csv", login: "provider", budget: 10),
    ]

    @Test func eachPageMakesTheSameFewQueriesWhenTheRecordsGrow() async throws {
        try await withApp { app in
            // setup
            _ = try await DemoData.seed(app: app)
            let counter = QueryCounter()
            counter.install(on: app)
            let anchors = try await ScaleGrowth.anchors(on: app.db)
            var browsers: [String: Browser] = [:]
            for login in Set(Self.pages.map(\.login)) {
                let browser = Browser(app)
                try await browser.login(login, DemoData.password)
                browsers[login] = browser
            }
            func count(_ page: Page) async throws -> (Int, [String]) {
                let path = page.path.replacingOccurrences(of: "{case}", with: String(anchors.caseID))
                    .replacingOccurrences(of: "{item}", with: String(anchors.itemID))
                let browser = try #require(browsers[page.login])
                _ = try await browser.get(path) // warm: a first request may read settings once
                counter.reset()
                let response = try await browser.get(path)
                #expect(response.status == .ok, "\(page): \(response.status) \(response.body.suffix(1500))")
                return (counter.count, counter.sql)
            }
            // MUT
            var before: [String: Int] = [:]
            for page in Self.pages { before[page.path] = try await count(page).0 }
            try await ScaleGrowth.grow(on: app.db, anchors: anchors)
            var after: [String: (Int, [String])] = [:]
            for page in Self.pages { after[page.path] = try await count(page) }
            // validate
            var report = ""
            for page in Self.pages {
                let (n, sql) = after[page.path] ?? (0, [])
                report += "\(page.path): demo \(before[page.path] ?? -1), grown \(n)\n"
                #expect(n == before[page.path], "\(page) makes \(before[page.path] ?? -1) queries on the demo, \(n) on grown records:\n\(Self.summary(sql))")
                #expect(n <= page.budget, "\(page) makes \(n) queries (budget \(page.budget)):\n\(Self.summary(sql))")
            }
            print("queries per page\n" + report)
        }
    }

    /// The statements, alike ones folded, most frequent first: what an N+1 looks like in a failure.
    static func summary(_ sql: [String]) -> String {
        var counts: [String: Int] = [:]
        for statement in sql { counts[String(statement.prefix(160)), default: 0] += 1 }
        return counts.sorted { $0.value > $1.value }.prefix(25).map { "  \($0.value)× \($0.key)" }.joined(separator: "\n")
    }
}
