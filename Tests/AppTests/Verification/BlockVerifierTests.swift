import Fluent
import Foundation
import KaiguulCore
import LoopbackHTTP
import Monitor
import SQLKit
import Testing
import Vapor

@testable import App
@testable import KaiguulFixtures

/// The server's verification on loopback only: scripted resolvers for the control and two providers,
/// a scripted site, a port where nothing listens.
@Suite("Measured block verification") struct BlockVerifierTests {
    static let page = "<html><head><title>Fictional Slogan Board</title></head><body>An invented page.</body></html>"

    static func settings(control: LoopbackResolver, resolvers: [LoopbackResolver]) throws -> BlockVerifier.Settings {
        var settings = BlockVerifier.Settings(resolvers: resolvers.map(\.address), timeoutSeconds: 1)
        settings.controlResolver = control.address
        settings.fetch.allowedNetworks = [try #require(CIDR("127.0.0.0/8"))]
        return settings
    }

    @Test func eachResolverIsJudgedAgainstTheControlAndStored() async throws {
        let site = try await LoopbackServer.start { _ in .ok(Self.page) }
        let closed = try Self.closedPort()
        let control = try await LoopbackResolver.start(["site-a.test": .addresses(["127.0.0.1"]),
                                                        "down-b.test": .addresses(["127.0.0.1"])])
        // The provider with the block list answers NXDOMAIN for the listed site; the other does not block.
        let blocking = try await LoopbackResolver.start(["down-b.test": .addresses(["127.0.0.1"])])
        let open = try await LoopbackResolver.start(["site-a.test": .addresses(["127.0.0.1"]),
                                                     "down-b.test": .addresses(["127.0.0.1"])])
        defer { Task { await site.stop(); await control.stop(); await blocking.stop(); await open.stop() } }
        let settings = try Self.settings(control: control, resolvers: [blocking, open])
        try await withApp { app in
            // The loopback resolvers stand for one provider's network; answers on loopback are not its addresses.
            try await NetworkStore.save([.init(prefix: "127.0.0.1/32", asn: 65_001, name: "Fictional Telecom")],
                                        actor: .commandLine, app: app)
            let siteCase = try await CaseFixtures.block(target: "site-a.test:\(site.port)", app: app)
            _ = try await CaseFixtures.block(target: "down-b.test:\(closed)", app: app)
            let outcomes = try await BlockVerifier.run(app: app, settings: settings)
            #expect(outcomes.count == 2)
            let a = try #require(outcomes.first { $0.target.hasPrefix("site-a.test") })
            #expect(a.control == .accessible)
            #expect(a.verdicts.map(\.verdict) == [.blockedDNS, .accessible])
            #expect(a.reachable)
            let b = try #require(outcomes.first { $0.target.hasPrefix("down-b.test") })
            #expect(b.control == .downEverywhere)
            #expect(b.verdicts.map(\.verdict) == [.downEverywhere, .downEverywhere])
            #expect(!b.reachable)

            let rows = try await MeasurementRecord.query(on: app.db).sort(\.$id).all()
            #expect(rows.count == 6)
            let controls = rows.filter { $0.vantage == "control" }
            #expect(controls.count == 2 && controls.allSatisfy { $0.controlID == nil && $0.resolver == control.address })
            for row in rows where row.vantage == "resolver" {
                let controlRow = try #require(controls.first { $0.id == row.controlID })
                #expect(controlRow.blockOrderID == row.blockOrderID)
                let raw = try #require(MeasurementRecords.measurement(row))
                #expect(raw.dns.resolver == row.resolver)
            }
            let blocked = try #require(rows.first { $0.resolver == blocking.address && $0.target.hasPrefix("site-a") })
            #expect(blocked.verdict == "blocked-dns" && blocked.reasons.contains("NXDOMAIN"))
            #expect(blocked.asn == 65_001 && blocked.networkName == "Fictional Telecom")
            #expect(controls.allSatisfy { $0.asn == nil })
            let seen = try #require(rows.first { $0.resolver == open.address && $0.target.hasPrefix("site-a") })
            #expect(seen.verdict == "accessible")
            #expect(MeasurementRecords.measurement(seen)?.http?.title == "Fictional Slogan Board")

            // The older pages still read reachability rows.
            #expect(try await ReachabilityCheck.query(on: app.db).count() == 2)
            #expect(try await ReachabilityQuery.stillReachableOrderIDs(on: app.db).count == 1)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "blocklist.verify").count() == 1)

            // Passive DNS of the control's own resolutions; a second run counts again.
            func observed() async throws -> [DNSObservation] {
                try await DNSObservation.query(on: app.db).filter(\.$name == "site-a.test").all()
            }
            #expect(try await observed().map { "\($0.address) \($0.origin) \($0.seenCount)" } == ["127.0.0.1 resolution 1"])
            _ = try await BlockVerifier.run(app: app, settings: settings)
            #expect(try await observed().first?.seenCount == 2)

            try await app.makeUser("analyst1", role: .analyst)
            let browser = Browser(app)
            try await browser.login("analyst1")
            #expect(try await browser.get("/cases/\(siteCase)").body.contains("still-reachable"))
        }
    }

    @Test func aProbesControlIsReusedWhileYoungAndMeasuredWhenOld() async throws {
        let site = try await LoopbackServer.start { _ in .ok(Self.page) }
        let control = try await LoopbackResolver.start(["site-c.test": .addresses(["127.0.0.1"])])
        defer { Task { await site.stop(); await control.stop() } }
        var settings = try Self.settings(control: control, resolvers: [])
        settings.controlMaxAge = 3600
        try await withApp { app in
            _ = try await CaseFixtures.block(target: "site-c.test:\(site.port)", app: app)
            let order = try #require(try await BlockOrder.query(on: app.db).first())
            let first = try await BlockVerifier.control(for: order, settings: settings, app: app)
            #expect(first.vantage == "control" && first.verdict == "accessible" && first.blockOrderID == order.id)
            let again = try await BlockVerifier.control(for: order, settings: settings, app: app)
            #expect(again.id == first.id)
            let later = try await BlockVerifier.control(for: order, settings: settings, app: app,
                                                        now: Date().addingTimeInterval(7200))
            #expect(later.id != first.id)
            #expect(try await MeasurementRecord.query(on: app.db).count() == 2)
            #expect(control.questions.filter { $0 == "site-c.test" }.count == 4)
        }
        #expect(BlockVerifier.resolverAddress("10.1.1.1:5353") == "10.1.1.1")
        #expect(BlockVerifier.resolverAddress("[2001:db8::53]:53") == "2001:db8::53")
        #expect(BlockVerifier.resolverAddress("system") == nil)
        #expect(BlockVerifier.Settings.duration("6h") == 21_600)
        #expect(BlockVerifier.Settings.duration("90m") == 5_400)
        #expect(BlockVerifier.Settings.duration("120") == 120)
        #expect(BlockVerifier.Settings.duration("-1") == nil && BlockVerifier.Settings.duration("soon") == nil)
        #expect(BlockVerifier.Settings.fromEnvironment(["KAIGUUL_CONTROL_MAX_AGE": "2h"]).controlMaxAge == 7_200)
        #expect(BlockVerifier.Settings.fromEnvironment([:]).controlMaxAge == 21_600)
    }

    /// A port nothing listens on: bound, then closed.
    static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
