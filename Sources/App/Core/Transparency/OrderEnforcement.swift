import Fluent
import Foundation
import KaiguulCore
import SQLKit

/// Where a block order holds now: each provider network's latest verdict (probes' and provider
/// resolvers' measurements; the control speaks for no provider). Shown beside the order wherever it is
/// listed, so the list says more than "the server could not reach it".
struct OrderEnforcement: Sendable {
    struct Network: Sendable {
        var provider: String
        var name: String
        var verdict: String
        var measuredAt: Date
    }

    var networks: [Network]

    var enforced: Int { networks.filter { BlockVerdict(rawValue: $0.verdict)?.isEnforced ?? false }.count }
    var latest: Date? { networks.map(\.measuredAt).max() }

    /// The latest measurement per order and network, read with one grouped query per 500 orders.
    static func of(orderIDs: [Int], on db: any Database) async throws -> [Int: OrderEnforcement] {
        guard let sql = db as? any SQLDatabase, !orderIDs.isEmpty else { return [:] }
        struct Row: Decodable {
            var block_order_id: Int
            var asn: Int?
            var network_name: String?
            var resolver: String?
            var vantage: String
            var verdict: String
            var measured_at: Date
        }
        var rows: [Row] = []
        for start in stride(from: 0, to: orderIDs.count, by: 500) {
            let chunk = Array(orderIDs[start..<min(start + 500, orderIDs.count)])
            // The newest row of each (order, network, resolver): a join on the grouped maximum, which both
            // SQLite and PostgreSQL answer from the (block_order_id, measured_at) index.
            rows += try await sql.raw("""
                SELECT m.block_order_id, m.asn, m.network_name, m.resolver, m.vantage, m.verdict, m.measured_at
                FROM measurements m JOIN (
                    SELECT block_order_id, COALESCE(asn, -1) AS a, COALESCE(network_name, '') AS n,
                           COALESCE(resolver, '') AS r, MAX(measured_at) AS t
                    FROM measurements
                    WHERE block_order_id IN (\(binds: chunk)) AND vantage <> 'control'
                    GROUP BY block_order_id, COALESCE(asn, -1), COALESCE(network_name, ''), COALESCE(resolver, '')
                ) l ON l.block_order_id = m.block_order_id AND COALESCE(m.asn, -1) = l.a
                   AND COALESCE(m.network_name, '') = l.n AND COALESCE(m.resolver, '') = l.r AND m.measured_at = l.t
                WHERE m.vantage <> 'control'
                """).all(decoding: Row.self)
        }
        var out: [Int: [String: Network]] = [:]
        for row in rows {
            let m = TransparencyReport.MeasurementRow(orderID: row.block_order_id, vantage: row.vantage, asn: row.asn,
                                                      networkName: row.network_name, resolver: row.resolver,
                                                      measuredAt: row.measured_at, verdict: row.verdict)
            guard let provider = TransparencyReport.provider(of: m) else { continue }
            if let known = out[row.block_order_id]?[provider.key], known.measuredAt >= row.measured_at { continue }
            out[row.block_order_id, default: [:]][provider.key] = Network(
                provider: provider.key, name: provider.name, verdict: row.verdict, measuredAt: row.measured_at)
        }
        return out.mapValues { OrderEnforcement(networks: $0.values.sorted { $0.provider < $1.provider }) }
    }
}
