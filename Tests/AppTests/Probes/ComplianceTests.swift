import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App

/// Per-provider compliance: enforced since when, time from order to enforcement, regressions.
@Suite("Compliance") struct ComplianceTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func at(_ hours: Double) -> Date { t0.addingTimeInterval(hours * 3600) }

    @Test func enforcementRunsAndRegressionsAreReadInTimeOrder() {
        let order = ComplianceReport.Order(id: 1, target: "ak-boroon-fictional.example", issuedAt: Self.t0, active: true,
                                           liftedAt: nil)
        func o(_ h: Double, _ v: BlockVerdict) -> ComplianceReport.Observation {
            .init(asn: 64500, networkName: "Fictional Telecom", orderID: 1, measuredAt: Self.at(h), verdict: v)
        }
        // Given out of order on purpose: the report sorts by time.
        let series = [o(30, .blockedDNS), o(2, .accessible), o(5, .blockedHTTP), o(6, .downEverywhere),
                      o(20, .accessible), o(8, .inconclusive), o(40, .blockedDNS)]
        let network = ComplianceReport.build(series, orders: [1: order]).first
        let state = try! #require(network?.orders.first)
        #expect(state.firstEnforced == Self.at(5))
        #expect(abs((state.timeToEnforcement ?? 0) - 5 * 3600) < 0.001)
        // One regression (enforced at 5 h, accessible at 20 h); down-everywhere and inconclusive change nothing.
        #expect(state.regressions == 1)
        #expect(state.lastRegression == Self.at(20))
        #expect(state.enforcedSince == Self.at(30))
        #expect(state.latest == BlockVerdict.blockedDNS && state.measurements == 7)
        #expect(network?.enforcedNow == 1)

        let undone = ComplianceReport.build([o(1, .blockedTCP), o(2, .accessible)], orders: [1: order]).first?.orders.first
        #expect(undone?.enforced == false && undone?.regressions == 1 && undone?.enforcedSince == nil)
        let never = ComplianceReport.build([o(1, .accessible), o(2, .downEverywhere)], orders: [1: order]).first?.orders.first
        #expect(never?.regressions == 0 && never?.firstEnforced == nil)
    }

    @Test func theCompliancePageShowsWhatAProbeUploaded() async throws {
        try await withApp { app in
            let blocked = try await ProbeFixtures.order("ak-boroon-fictional.example", app: app)
            let open = try await ProbeFixtures.order("kara-tuman-fictional.example", app: app)
            try await ProbeFixtures.storeControl(blocked, app: app)
            try await ProbeFixtures.storeControl(open, app: app)
            let (_, token) = try await ProbeAPITests.probe(app)
            let caller = ProbeCaller(app: app, token: token)
            let first = Date().addingTimeInterval(-3600)
            #expect(try await caller.upload([ProbeFixtures.dnsBlocked(blocked, at: first),
                                             ProbeFixtures.dnsBlocked(open, at: first)]).status == .created)
            // The second site comes back in this network: a regression.
            #expect(try await caller.upload([ProbeFixtures.dnsBlocked(blocked),
                                             ProbeFixtures.working(open, resolver: "127.0.0.1:5353")]).status == .created)
            try await NetworkStore.save([.init(prefix: "198.51.100.0/24", asn: 64777, name: "Unprobed Net (fictional)")],
                                        actor: .commandLine, app: app)
            try await app.makeUser("legal1", role: .legal)
            let legal = Browser(app)
            try await legal.login("legal1", language: "en")
            let index = try await legal.get("/compliance")
            #expect(index.body.contains("data-asn=\"64500\""))
            #expect(index.body.contains("Fictional Telecom"))
            #expect(index.body.contains("data-enforced=\"1\""))
            #expect(index.body.contains("data-regressions=\"1\""))
            // A provider of the networks table without measurements is listed, with nothing enforced.
            #expect(index.body.contains("data-asn=\"64777\"") && index.body.contains("Unprobed Net (fictional)"))
            let page = try await legal.get("/compliance/AS64500")
            #expect(page.status == .ok)
            #expect(page.body.contains("data-order=\"\(try blocked.requireID())\" data-verdict=\"blocked-dns\""))
            #expect(page.body.contains("data-order=\"\(try open.requireID())\" data-verdict=\"accessible\""))
            #expect(try await legal.get("/compliance/not-a-number").status == .notFound)
            let other = try await legal.get("/compliance/64999")
            #expect(other.body.contains("id=\"no-orders-measured\""))
        }
    }
}
