import Exchange
import Fluent
import Foundation
import KaiguulCore
import Vapor

@testable import App

extension DemoData {
    /// Fictional provider networks (documentation prefixes and private-use ASNs), their probes, and what
    /// they measured of every demo block order since it was listed: one network blocks by DNS within
    /// hours, one shows a blockpage after a day and once let a site through again, one volunteer's
    /// network leaves some sites open. One site is offline at its origin. The transparency report and
    /// the compliance pages read these rows as they would read real probes' uploads.
    static func seedVerification(app: Application) async throws {
        guard try await MeasurementRecord.query(on: app.db).count() == 0 else { return }
        let now = Date()
        let networks: [(prefix: String, asn: Int, name: String, probe: String, kind: String)] = [
            ("192.0.2.0/24", 64500, "Ала-Тоо Телеком (демо)", "Ала-Тоо Телеком: өлчөгүч (демо)", "provider"),
            ("198.51.100.0/24", 64501, "Нарын Байланыш (демо)", "Нарын Байланыш: өлчөгүч (демо)", "provider"),
            ("203.0.113.0/24", 64502, "Ош Нет (демо)", "Ыктыярчынын өлчөгүчү, Ош (демо)", "volunteer"),
        ]
        var probeIDs: [Int: Int] = [:]
        for n in networks {
            let network = Network()
            network.prefix = n.prefix; network.asn = n.asn; network.name = n.name; network.createdAt = now
            try await network.create(on: app.db)
            let probe = Probe()
            probe.name = n.probe; probe.kind = n.kind; probe.asn = n.asn; probe.networkName = n.name
            // A token nobody holds: demo probes upload nothing; registering a real one shows its token once.
            probe.tokenSHA256 = Token.sha256Hex(Token.random(bytes: 32))
            probe.tokenPrefix = "demo"; probe.createdAt = now; probe.lastSeenAt = now
            try await probe.create(on: app.db)
            probeIDs[n.asn] = try probe.requireID()
        }
        let orders = try await BlockOrder.query(on: app.db).sort(\.$id).all()
        var rows: [MeasurementRecord] = []
        for (index, order) in orders.enumerated() {
            guard order.id != nil else { continue }
            let offline = index % 7 == 3
            let until = order.liftedAt ?? now
            // The server's own control first, then each network's probe runs after the listing.
            rows.append(row(order, vantage: .control, asn: nil, name: nil, probe: nil,
                            at: min(order.issuedAt.addingTimeInterval(600), now),
                            verdict: offline ? .downEverywhere : .accessible,
                            reasons: offline ? "control: no answer" : "control: HTTP 200"))
            for n in networks {
                for (hours, verdict) in plan(asn: n.asn, index: index, offline: offline) {
                    let at = order.issuedAt.addingTimeInterval(hours * 3600)
                    guard at <= until, at <= now else { continue }
                    rows.append(row(order, vantage: .probe, asn: n.asn, name: n.name, probe: probeIDs[n.asn],
                                    at: at, verdict: verdict, reasons: reason(verdict)))
                }
                // After a lift every network lets the site through again, as it should.
                if let lifted = order.liftedAt, lifted.addingTimeInterval(7200) <= now {
                    rows.append(row(order, vantage: .probe, asn: n.asn, name: n.name, probe: probeIDs[n.asn],
                                    at: lifted.addingTimeInterval(7200), verdict: .accessible,
                                    reasons: reason(.accessible)))
                }
            }
        }
        let all = rows
        try await app.db.transaction { db in
            for r in all { try await r.create(on: db) }
        }
        // Passive DNS: the mirror candidate's address is shared with an unrelated shop, so the
        // collateral check warns before an order for it is issued.
        for (name, address) in [("kara-tuman-news.example", "203.0.113.50"), ("bishkek-bakery-demo.example", "203.0.113.50"),
                                ("kara-tuman.example", "192.0.2.10")] {
            let o = DNSObservation()
            o.name = name; o.address = address; o.origin = "resolution"
            o.firstSeen = now.addingTimeInterval(-86_400 * 3); o.lastSeen = now; o.seenCount = 4
            try await o.create(on: app.db)
        }
    }

    /// Hours after listing and the verdict each network's probe recorded.
    private static func plan(asn: Int, index: Int, offline: Bool) -> [(Double, BlockVerdict)] {
        if offline { return [(2, .downEverywhere), (30, .downEverywhere)] }
        switch asn {
        case 64500: return [(2, .blockedDNS), (26, .blockedDNS), (24 * 8, .blockedDNS)]
        case 64501:
            switch index % 4 {
            case 1: return [(3, .accessible), (30, .blockedHTTP), (24 * 4, .accessible), (24 * 6, .blockedHTTP)]
            case 2: return [(3, .blockedHTTP), (24 * 8, .blockedHTTP)]
            default: return [(3, .accessible), (30, .blockedHTTP), (24 * 8, .blockedHTTP)]
            }
        default:
            return index % 3 == 0 ? [(5, .accessible), (24 * 3, .accessible)] : [(5, .blockedTCP), (24 * 3, .blockedTCP)]
        }
    }

    private static func reason(_ verdict: BlockVerdict) -> String {
        switch verdict {
        case .blockedDNS: "dns: NXDOMAIN, control answered 192.0.2.10"
        case .blockedTCP: "tcp: connection_reset to every address, control connected"
        case .blockedTLS: "tls: handshake failed, control completed"
        case .blockedHTTP: "http: blockpage recognised"
        case .accessible: "http: same status and title as the control"
        case .downEverywhere: "control: no answer either"
        case .inconclusive: "no control"
        }
    }

    private static func row(_ order: BlockOrder, vantage: MeasurementVantage, asn: Int?, name: String?, probe: Int?,
                            at: Date, verdict: BlockVerdict, reasons: String) -> MeasurementRecord {
        let r = MeasurementRecord()
        r.blockOrderID = order.id; r.target = order.target; r.vantage = vantage.rawValue; r.probeID = probe
        r.asn = asn; r.networkName = name; r.measuredAt = at; r.receivedAt = at; r.verdict = verdict.rawValue
        r.reasons = reasons
        let host = (try? BlockTarget.parse(order.target)).flatMap { CaseCapture.address(of: $0) } ?? "https://\(order.target)/"
        let measurement = SiteMeasurement(
            orderID: order.id, target: order.target, url: host, measuredAt: at,
            dns: .init(resolver: vantage == .control ? "system" : "192.0.2.53",
                       addresses: verdict == .blockedDNS ? [] : ["192.0.2.10"],
                       rcode: verdict == .blockedDNS ? "NXDOMAIN" : "NOERROR"))
        r.raw = (try? String(decoding: SiteMeasurement.encoder().encode(measurement), as: UTF8.self)) ?? "{}"
        return r
    }

    /// The address a demo capture of `url` was fetched from: one per host in the IPv6 documentation
    /// prefix, so the collateral check sees only the shared addresses the demo means to show.
    static func address(of url: String) -> String {
        let host = URLComponents(string: url)?.host?.lowercased() ?? url
        var hash: UInt32 = 2_166_136_261
        for byte in host.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return "2001:db8::\(String(hash >> 16, radix: 16)):\(String(hash & 0xFFFF, radix: 16))"
    }
}
