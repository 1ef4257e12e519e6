import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App
@testable import KaiguulFixtures

@Suite("Transparency report") struct TransparencyReportTests {
    typealias R = TransparencyReport

    static let listed = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21

    static func m(_ order: Int, _ vantage: String = "probe", asn: Int? = 64500, name: String? = "Demo Net",
                  resolver: String? = nil, hours: Double, _ verdict: BlockVerdict) -> R.MeasurementRow {
        R.MeasurementRow(orderID: order, vantage: vantage, asn: asn, networkName: name, resolver: resolver,
                         measuredAt: listed.addingTimeInterval(hours * 3600), verdict: verdict.rawValue)
    }

    static func assemble(_ orders: [R.OrderRow], _ rows: [R.MeasurementRow]) -> R {
        let start = PeriodReport.day("2026-09-01")!
        let end = PeriodReport.day("2026-10-31")!.addingTimeInterval(86_400)
        return R.assemble(from: "2026-09-01", to: "2026-10-31", start: start, end: end, now: listed,
                          orders: orders, decisions: [R.DecisionRow(id: 1, court: "Demo court", number: "D-1",
                                                                    decidedOn: "2026-09-20", appealState: "final")],
                          measurements: rows)
    }

    static func order(_ id: Int, lifted: Date? = nil) -> R.OrderRow {
        R.OrderRow(orderID: id, target: "site-\(id).example", kind: "domain", issuedAt: listed, liftedAt: lifted,
                   decisionID: 1)
    }

    /// Enforcement per provider: first blocked measurement, hours from the order, regressions; the
    /// control speaks for no provider; "all providers" are those that reported in the period.
    @Test func figuresPerProviderAndTotals() throws {
        let rows: [R.MeasurementRow] = [
            // Order 1: both networks block within 24 h.
            Self.m(1, hours: 2, .blockedDNS), Self.m(1, asn: 64501, name: "Other Net", hours: 20, .blockedHTTP),
            // Order 2: AS64500 at 3 h, AS64501 only after 3 days, then accessible again (a regression), then blocked.
            Self.m(2, hours: 3, .blockedTCP), Self.m(2, asn: 64501, name: "Other Net", hours: 1, .accessible),
            Self.m(2, asn: 64501, name: "Other Net", hours: 72, .blockedDNS),
            Self.m(2, asn: 64501, name: "Other Net", hours: 96, .accessible),
            Self.m(2, asn: 64501, name: "Other Net", hours: 120, .blockedDNS),
            // Order 3: the control fails too: offline at the origin, never counted as enforced.
            Self.m(3, "control", asn: nil, name: nil, resolver: "system", hours: 1, .accessible),
            Self.m(3, hours: 5, .downEverywhere), Self.m(3, asn: 64501, name: "Other Net", hours: 6, .downEverywhere),
        ]
        let r = Self.assemble([Self.order(1), Self.order(2), Self.order(3)], rows)
        #expect(r.providers.map(\.key) == ["AS64500", "AS64501"])
        let targets = try #require(r.decisions.first?.targets)
        #expect(targets.map(\.orderID) == [1, 2, 3])
        let two = try #require(targets.first { $0.orderID == 2 }?.providers.first { $0.provider == "AS64501" })
        #expect(two.firstEnforcedAt == Self.listed.addingTimeInterval(72 * 3600))
        #expect(two.hoursToEnforcement == 72)
        #expect(two.regressions == 1)
        #expect(two.latestVerdict == BlockVerdict.blockedDNS.rawValue)
        #expect(two.days.count == 4)
        #expect(targets.first { $0.orderID == 3 }?.offlineAtOrigin == true)
        #expect(targets.first { $0.orderID == 1 }?.offlineAtOrigin == false)
        #expect(r.total.ordered == 3)
        #expect(r.total.enforcedByAllWithinDay == 1)
        #expect(r.total.enforcedByAllWithinWeek == 2)
        #expect(r.total.offlineAtOrigin == 1)
        #expect(r.months.map(\.period) == ["2026-09", "2026-10"])
        #expect(r.months.first?.ordered == 3)
        #expect(r.months.last?.ordered == 0)
    }

    /// A provider that never measured an order keeps "all providers" from holding; a lifted order counts
    /// as lifted in its month.
    @Test func aProviderWithoutMeasurementsIsNotEnforcement() throws {
        let rows = [Self.m(1, hours: 1, .blockedDNS), Self.m(2, asn: 64501, name: "Other Net", hours: 1, .blockedDNS),
                    Self.m(2, hours: 1, .blockedDNS)]
        let r = Self.assemble([Self.order(1, lifted: Self.listed.addingTimeInterval(40 * 86_400)), Self.order(2)], rows)
        #expect(r.total.enforcedByAllWithinDay == 1)
        #expect(r.total.lifted == 1)
        #expect(r.months.last?.lifted == 1)
        // An order lifted before the period is not in it.
        let before = Self.assemble([Self.order(1, lifted: Self.listed.addingTimeInterval(-30 * 86_400))], rows)
        #expect(before.decisions.isEmpty)
    }

    /// From the database, in three languages, as page, CSV and JSON; nothing of the evidence or the
    /// people: no case title, no probe name, no measurement's raw page text.
    @Test func pageCSVAndJSONInThreeLanguagesWithoutEvidenceOrPeople() async throws {
        try await withApp { app in
            let caseID = try await CaseFixtures.block(target: "transparency-demo.example", app: app)
            let order = try #require(try await BlockOrder.query(on: app.db).filter(\.$caseID == caseID).first())
            let probe = Probe()
            probe.name = "Volunteer Aibek's laptop"; probe.kind = "volunteer"; probe.tokenSHA256 = String(repeating: "a", count: 64)
            probe.tokenPrefix = "kgp_aaaa"; probe.createdAt = Date()
            try await probe.create(on: app.db)
            for (hours, verdict) in [(1.0, BlockVerdict.accessible), (3, .blockedDNS)] {
                let row = MeasurementRecord()
                row.blockOrderID = order.id; row.target = order.target; row.vantage = "probe"; row.probeID = probe.id
                row.asn = 64500; row.networkName = "Ала-Тоо Демо Телеком"
                row.measuredAt = order.issuedAt.addingTimeInterval(hours * 3600); row.receivedAt = row.measuredAt
                row.verdict = verdict.rawValue; row.reasons = "test"
                row.raw = #"{"http":{"body_excerpt":"SECRET-PAGE-TEXT"}}"#
                try await row.create(on: app.db)
            }
            // The control speaks for no provider, on any page.
            let control = MeasurementRecord()
            control.blockOrderID = order.id; control.target = order.target; control.vantage = "control"
            control.resolver = "system"; control.measuredAt = order.issuedAt.addingTimeInterval(4 * 3600)
            control.receivedAt = control.measuredAt; control.verdict = BlockVerdict.accessible.rawValue
            control.reasons = "control"; control.raw = "{}"
            try await control.create(on: app.db)
            // The period runs to the next day: the measurements three hours after listing may fall on it (UTC).
            let day = PeriodReport.iso(order.issuedAt)
            let next = PeriodReport.iso(order.issuedAt.addingTimeInterval(86_400))
            let browser = Browser(app)
            // Not published: only people who may read reports.
            #expect(try await browser.get("/transparency?from=\(day)&to=\(next)").status != .ok)
            try await app.makeUser("analyst1", role: .analyst)
            try await browser.login("analyst1")
            let expected: [(String, String, String)] = [
                ("ky", "Ачык-айкындык отчёту", "DNS аркылуу бөгөттөлгөн"),
                ("ru", "Отчёт о прозрачности", "заблокирован через DNS"),
                ("en", "Transparency report", "blocked by DNS"),
            ]
            for (lang, title, verdict) in expected {
                let page = try await browser.get("/transparency?from=\(day)&to=\(next)&lang=\(lang)")
                #expect(page.status == .ok)
                #expect(page.body.contains(title))
                #expect(page.body.contains(verdict), "\(lang)")
                #expect(page.body.contains("transparency-demo.example"))
                #expect(page.body.contains("Ала-Тоо Демо Телеком"))
                #expect(!page.body.contains("Fixture transparency-demo.example"))  // the case's title
                #expect(!page.body.contains("Aibek"))
                #expect(!page.body.contains("SECRET-PAGE-TEXT"))
            }
            let csv = try await browser.get("/transparency/targets.csv?from=\(day)&to=\(next)&lang=ru")
            #expect(csv.headers.first(name: .contentType)?.hasPrefix("text/csv") == true)
            #expect(csv.body.contains("Ала-Тоо Демо Телеком") && csv.body.contains(",3.0,"))  // blocked 3 h after listing
            let json = try await browser.get("/transparency/data.json?from=\(day)&to=\(next)")
            struct Doc: Decodable {
                struct Total: Decodable { var ordered: Int; var enforced_by_all_within_day: Int }
                var total: Total
            }
            let doc = try JSONDecoder().decode(Doc.self, from: json.bytes)
            #expect(doc.total.ordered == 1 && doc.total.enforced_by_all_within_day == 1)
            #expect(!json.body.contains("Aibek") && !json.body.contains("SECRET-PAGE-TEXT"))
            #expect(try await browser.get("/transparency/other.csv?from=\(day)&to=\(next)").status == .notFound)

            // The order's lists say where it holds now: the network's latest verdict (blocked after the
            // earlier accessible one), the control not counted as a network.
            for path in ["/block-orders", "/cases/\(caseID)"] {
                let page = try await browser.get(path)
                #expect(page.body.contains("data-enforced=\"1\" data-networks=\"1\""), "\(path)")
            }
                        // Published: readable without signing in.
            app.kaiguul.transparencyPublic = true
            #expect(try await Browser(app).get("/transparency?from=\(day)&to=\(next)").status == .ok)
        }
    }
}
