import Detection
import Exchange
import Fluent
import Foundation
import KaiguulCore
import SQLKit
import Vapor

/// The sites mirrors are looked for: targets of active block orders (domains and URLs; an account on
/// a shared platform has no site of its own), each with the fingerprints of its case's captures —
/// taken here the first time a capture is seen, kept afterwards.
enum BlockedSites {
    struct Site: Sendable {
        var caseID: Int
        var organizationID: Int?
        var orderID: Int
        var decisionID: Int
        var decisionNumber: String
        var coversMirrors: Bool
        var host: String
        var fingerprints: [SiteFingerprints.Stored]
    }

    /// Captures of one case fingerprinted at most (its newest).
    static let capturesPerCase = 5

    static func load(app: Application) async throws -> [Site] {
        guard let sql = app.db as? any SQLDatabase else { return [] }
        struct OrderRow: Decodable {
            var order_id: Int
            var case_id: Int
            var target: String
            var court_decision_id: Int
            var number: String
            var covers_mirrors: Bool
            var organization_id: Int?
        }
        let orders = try await sql.raw("""
            SELECT o.id AS order_id, o.case_id, o.target, o.court_decision_id, d.number, d.covers_mirrors, \
            c.organization_id FROM block_orders o JOIN court_decisions d ON d.id = o.court_decision_id \
            JOIN cases c ON c.id = o.case_id WHERE o.status = 'active' ORDER BY o.id LIMIT 10000
            """).all(decoding: OrderRow.self)
        var sites: [Site] = []
        var seen = Set<String>()
        for order in orders {
            guard let target = try? BlockTarget.parse(order.target), let host = host(of: target),
                  seen.insert("\(order.case_id) \(host)").inserted else { continue }
            sites.append(Site(caseID: order.case_id, organizationID: order.organization_id, orderID: order.order_id,
                              decisionID: order.court_decision_id, decisionNumber: order.number,
                              coversMirrors: order.covers_mirrors, host: host, fingerprints: []))
        }
        guard !sites.isEmpty else { return [] }
        let caseIDs = Array(Set(sites.map(\.caseID)))
        let captures = try await caseCaptures(caseIDs, sql)
        var stored = try await SiteFingerprintRecord.query(on: app.db).filter(\.$caseID ~~ caseIDs).all()
        for index in sites.indices {
            let site = sites[index]
            let taken = Set(stored.filter { $0.caseID == site.caseID && MirrorHosts.same($0.host, site.host) }
                .compactMap(\.captureID))
            for captureID in (captures[site.caseID] ?? []).prefix(capturesPerCase) where !taken.contains(captureID) {
                // A blocked site is fingerprinted from what its case holds; the icon is fetched only
                // when the case never captured it.
                if let new = try await SiteFingerprints.take(captureID: captureID, host: site.host, caseID: site.caseID,
                                                              fetchFavicon: true, app: app),
                   let row = try await SiteFingerprintRecord.find(new.id, on: app.db) {
                    stored.append(row)
                }
            }
            let names = try await tlsNames(orderID: site.orderID, host: site.host, on: app.db)
            sites[index].fingerprints = stored
                .filter { $0.caseID == site.caseID && MirrorHosts.same($0.host, site.host) }
                .compactMap { row in
                    row.id.map { SiteFingerprints.Stored(id: $0, captureID: row.captureID, caseID: row.caseID,
                                                        faviconCaptureID: nil,
                                                        fingerprint: withNames(SiteFingerprints.fingerprint(of: row), names)) }
                }
        }
        return sites.filter { !$0.fingerprints.isEmpty }
    }

    /// The certificate names the newest control measurement of the order saw (`measurements`, by
    /// the block verification): a mirror named in the original's certificate, or naming the original
    /// in its own, is run by the same hands.
    static func tlsNames(orderID: Int, host: String, on db: any Database) async throws -> [String] {
        guard let row = try await MeasurementRecord.query(on: db).filter(\.$blockOrderID == orderID)
            .filter(\.$vantage == MeasurementVantage.control.rawValue).sort(\.$measuredAt, .descending).first(),
            let measurement = try? SiteMeasurement.decoder().decode(SiteMeasurement.self, from: Data(row.raw.utf8))
        else { return [] }
        return Array((measurement.tls?.certificateNames ?? []).prefix(100).map { $0.lowercased() })
    }

    static func withNames(_ fingerprint: SiteFingerprint, _ names: [String]) -> SiteFingerprint {
        var copy = fingerprint
        if copy.tlsNames.isEmpty { copy.tlsNames = names }
        return copy
    }

    static func host(of target: BlockTarget) -> String? {
        switch target {
        case .domain(let name, _): name.lowercased()
        case .url(let url): MirrorHosts.host(of: url)
        case .account: nil
        }
    }

    /// Page captures each case holds, newest first: its capture evidence and its items' captures.
    static func caseCaptures(_ caseIDs: [Int], _ sql: any SQLDatabase) async throws -> [Int: [Int]] {
        struct Row: Decodable {
            var case_id: Int
            var capture_id: Int
        }
        let rows = try await sql.raw("""
            SELECT e.case_id, e.capture_id FROM case_evidence e \
            WHERE e.case_id IN (\(binds: caseIDs)) AND e.capture_id IS NOT NULL AND e.kind = 'capture' \
            UNION SELECT e.case_id, i.capture_id FROM case_evidence e JOIN items i ON i.id = e.item_id \
            WHERE e.case_id IN (\(binds: caseIDs)) AND i.capture_id IS NOT NULL
            """).all(decoding: Row.self)
        var byCase: [Int: [Int]] = [:]
        for row in rows { byCase[row.case_id, default: []].append(row.capture_id) }
        return byCase.mapValues { Array(Set($0)).sorted(by: >) }
    }
}
