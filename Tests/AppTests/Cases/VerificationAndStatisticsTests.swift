import Fluent
import Foundation
import KaiguulCore
import Monitor
import Testing
import Vapor

@testable import App
@testable import KaiguulFixtures

@Suite("Block verification and case statistics") struct VerificationAndStatisticsTests {
    /// Only loopback: a name under `.invalid` asked of a resolver address where nothing listens, and a URL
    /// on a local server. No external traffic.
    @Test func verifyFlagsTargetsStillReachable() async throws {
        let server = try await Application.make(.testing)
        server.get("page") { _ in "still here" }
        server.http.server.configuration.hostname = "127.0.0.1"
        server.http.server.configuration.port = 0
        do {
            try await server.server.start(address: nil)
            let port = try #require(server.http.server.shared.localAddress?.port)
            try await verify(port: port)
        } catch {
            await server.server.shutdown()
            try? await server.asyncShutdown()
            throw error
        }
        await server.server.shutdown()
        try await server.asyncShutdown()
    }

    func verify(port: Int) async throws {
        try await withApp { app in
            _ = try await CaseFixtures.block(target: "blocked-check.invalid", app: app)
            _ = try await CaseFixtures.block(target: "http://127.0.0.1:\(port)/page", app: app)
            // Answering on an address outside the allow list: the guard refuses it, as for a crawl.
            _ = try await CaseFixtures.block(target: "http://127.0.0.2:\(port)/page", app: app)
            var settings = BlockVerifier.Settings(resolvers: ["127.0.0.1:9"], timeoutSeconds: 2)
            settings.fetch.allowedNetworks = [try #require(CIDR("127.0.0.1/32"))]
            let outcomes = try await BlockVerifier.run(app: app, settings: settings)
            #expect(outcomes.count == 3)
            let refused = try #require(outcomes.first { $0.target.hasPrefix("http://127.0.0.2") })
            #expect(!refused.reachable && refused.summary.contains("address refused"))
            #expect(outcomes.first { $0.target == "blocked-check.invalid" }?.reachable == false)
            #expect(outcomes.first { $0.target.hasPrefix("http://127.0.0.1") }?.reachable == true)
            #expect(try await ReachabilityCheck.query(on: app.db).count() == 3)
            #expect(try await ReachabilityQuery.stillReachableOrderIDs(on: app.db).count == 1)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "blocklist.verify").count() == 1)

            try await app.makeUser("analyst1", role: .analyst)
            let browser = Browser(app)
            try await browser.login("analyst1")
            #expect(try await browser.get("/dashboard").body.contains("still-reachable"))
            let reachableCase = try #require(try await CaseRecord.query(on: app.db)
                .filter(\.$targetKind == "url").first())
            #expect(try await browser.get("/cases/\(reachableCase.id ?? 0)").body.contains("still-reachable"))
        }
    }

    @Test func dnsReplyParsing() {
        let id: UInt16 = 0x1234
        var reply = DNSQuery.encodeQuestion("a.example", id: id) ?? []
        reply[2] = 0x81; reply[3] = 0x80; reply[7] = 1
        reply += [0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 7]
        #expect(DNSQuery.parse(reply, id: id) == .addresses(["127.0.0.7"]))
        var nx = DNSQuery.encodeQuestion("a.example", id: id) ?? []
        nx[3] = 0x83
        #expect(DNSQuery.parse(nx, id: id) == .nxdomain)
        #expect(DNSQuery.parse(nx, id: 1) == .failed("bad reply"))
    }

    @Test func statisticsCountEachStageInThePeriodAndRegion() async throws {
        try await withApp { app in
            let regions = try await Region.query(on: app.db).sort(\.$id).all().compactMap(\.id)
            let people = try await CaseFixtures.people(app: app)
            func open(_ target: String, region: Int) async throws -> (Int, CaseInput) {
                let input = try CaseInput.validate(.init(title: target, target: target, region_id: String(region)))
                return (try await CaseStore.open(input, actor: people.analyst, app: app), input)
            }
            let (a, ai) = try await open("site-one.example", region: regions[0])
            try await CaseFixtures.advance(caseID: a, target: ai.target, to: .blocked, people: people, app: app)
            let (b, bi) = try await open("https://t.me/some_channel_demo", region: regions[0])
            try await CaseFixtures.advance(caseID: b, target: bi.target, to: .expertConfirmed, people: people, app: app)
            let (c, ci) = try await open("site-two.example", region: regions[1])
            try await CaseFixtures.advance(caseID: c, target: ci.target, to: .blocked, people: people, app: app)
            try await CaseFixtures.lift(caseID: c, people: people, app: app)

            let now = Date()
            let all = try await CaseStatistics.count(on: app.db, from: now.addingTimeInterval(-3600),
                                                     to: now.addingTimeInterval(3600))
            #expect(all.identified == .init(sites: 2, accounts: 1))
            #expect(all.referredToExpert == .init(sites: 2, accounts: 1))
            #expect(all.confirmed == .init(sites: 2, accounts: 1))
            #expect(all.submittedToCourt == .init(sites: 2, accounts: 0))
            #expect(all.ordered.sites == 2)
            #expect(all.blocked.sites == 2)
            #expect(all.lifted.sites == 1)
            let region = try await CaseStatistics.count(on: app.db, from: now.addingTimeInterval(-3600),
                                                        to: now.addingTimeInterval(3600), regionID: regions[0])
            #expect(region.identified == .init(sites: 1, accounts: 1))
            #expect(region.lifted.total == 0)
            let past = try await CaseStatistics.count(on: app.db, from: now.addingTimeInterval(-7200),
                                                      to: now.addingTimeInterval(-3600))
            #expect(past == CaseStatistics.Figures())
        }
    }
}
