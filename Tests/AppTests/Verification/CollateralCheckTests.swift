import Fluent
import Foundation
import KaiguulCore
import SQLKit
import Testing
import Vapor

@testable import App
@testable import KaiguulFixtures

/// Other sites on a target's addresses, from passive DNS and captures, warned about before an order.
@Suite("Collateral of blocking by address") struct CollateralCheckTests {
    static func capture(_ url: String, ip: String, at date: Date, on db: any Database) async throws {
        let sql = try #require(db as? any SQLDatabase)
        try await sql.raw("""
            INSERT INTO captures (url, fetched_at, collector, ip) VALUES (\(bind: url), \(bind: date), 'http', \(bind: ip))
            """).run()
    }

    @Test func otherSitesOnTheSameAddressAreFound() async throws {
        try await withApp { app in
            let now = Date()
            for (name, address) in [("shared-site.test", "198.51.100.20"), ("neighbour-one.test", "198.51.100.20"),
                                    ("www.shared-site.test", "198.51.100.20"), ("far-away.test", "198.51.100.99")] {
                try await PassiveDNS.observe(name: name, address: address, origin: .resolution, at: now, on: app.db)
            }
            try await Self.capture("https://neighbour-two.test/page", ip: "198.51.100.20", at: now, on: app.db)
            try await Self.capture("https://shared-site.test/about", ip: "198.51.100.21", at: now, on: app.db)
            try await Self.capture("https://neighbour-three.test/", ip: "198.51.100.21", at: now, on: app.db)

            let found = try await CollateralCheck.findings(target: "shared-site.test", on: app.db)
            #expect(found == [
                .init(address: "198.51.100.20", names: ["neighbour-one.test", "neighbour-two.test"], more: 0),
                .init(address: "198.51.100.21", names: ["neighbour-three.test"], more: 0),
            ])
            // A URL on the site, an address literal: the same addresses.
            #expect(try await CollateralCheck.findings(target: "https://shared-site.test/page", on: app.db).count == 2)
            #expect(try await CollateralCheck.findings(target: "http://198.51.100.20/x", on: app.db).first?.names
                    == ["neighbour-one.test", "neighbour-two.test", "shared-site.test", "www.shared-site.test"])
            // Alone on its address: nothing to warn about. An account is blocked by URL, never by address.
            #expect(try await CollateralCheck.findings(target: "far-away.test", on: app.db).isEmpty)
            #expect(try await CollateralCheck.findings(target: "https://t.me/some_channel_demo", on: app.db).isEmpty)
            #expect(CollateralCheck.siteKey("www.example.com.kg") == "example.com.kg")
            #expect(CollateralCheck.siteKey("a.b.example.kg") == "example.kg")

            // Captures join passive DNS from the newest one already seen on.
            try await PassiveDNS.recordCaptures(app: app)
            let fromCaptures = try await DNSObservation.query(on: app.db).filter(\.$origin == "capture").sort(\.$name).all()
            #expect(fromCaptures.map(\.name) == ["neighbour-three.test", "neighbour-two.test", "shared-site.test"])
            try await PassiveDNS.recordCaptures(app: app)
            #expect(try await DNSObservation.query(on: app.db).filter(\.$origin == "capture").all()
                        .allSatisfy { $0.seenCount == 1 })
        }
    }

    @Test func legalIsWarnedBeforeTheOrderAndTheListShowsIt() async throws {
        try await withApp { app in
            try await PassiveDNS.observe(name: "shared-site.test", address: "198.51.100.20", origin: .resolution,
                                         at: Date(), on: app.db)
            try await PassiveDNS.observe(name: "neighbour-one.test", address: "198.51.100.20", origin: .capture,
                                         at: Date(), on: app.db)
            let people = try await CaseFixtures.people(app: app)
            let input = try CaseInput.validate(.init(title: "Shared host", target: "shared-site.test"))
            let id = try await CaseStore.open(input, actor: people.analyst, app: app)
            try await CaseFixtures.advance(caseID: id, target: input.target, to: .submittedToCourt, people: people, app: app)
            let alone = try CaseInput.validate(.init(title: "Alone", target: "alone-site.test"))
            let other = try await CaseStore.open(alone, actor: people.analyst, app: app)
            try await CaseFixtures.advance(caseID: other, target: alone.target, to: .submittedToCourt, people: people,
                                           app: app)

            try await app.makeUser("legal1", role: .legal)
            let browser = Browser(app)
            try await browser.login("legal1", language: "en")
            let page = try await browser.get("/cases/\(id)").body
            #expect(page.contains("id=\"collateral-warning\""))
            #expect(page.contains("neighbour-one.test"))
            #expect(page.contains("Address shared with other sites"))
            #expect(!(try await browser.get("/cases/\(other)").body.contains("collateral-warning")))

            _ = try await CaseFixtures.block(target: "https://shared-site.test/page", app: app)
            _ = try await CaseFixtures.block(target: "alone-site-two.test", app: app)
            let list = try await browser.get("/block-orders").body
            #expect(list.contains("badge warning collateral"))
            #expect(list.contains("198.51.100.20: neighbour-one.test"))
            #expect(list.components(separatedBy: "badge warning collateral").count == 2)
        }
    }
}
