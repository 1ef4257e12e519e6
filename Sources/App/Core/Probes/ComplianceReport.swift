import Fluent
import Foundation
import KaiguulCore
import SQLKit

/// Per provider network: which block orders it enforces, since when, how long after the order it
/// began, and regressions (enforced, then accessible again). Read from the stored measurements of
/// probes and provider resolvers; a network is an autonomous system (ASN).
///
/// Only `accessible` breaks enforcement: `down-everywhere` and `inconclusive` say nothing about the
/// provider, so they neither start nor end a run.
enum ComplianceReport {
    /// One measurement as this report needs it.
    struct Observation: Sendable, Hashable {
        var asn: Int
        var networkName: String?
        var orderID: Int
        var measuredAt: Date
        var verdict: BlockVerdict
    }

    struct Order: Sendable {
        var id: Int
        var target: String
        var issuedAt: Date
        var active: Bool
        var liftedAt: Date?
    }

    /// One order as one network handles it.
    struct OrderState: Sendable {
        var order: Order
        var measurements: Int
        var firstEnforced: Date?
        /// The start of the current run of enforcement; nil when the latest decisive verdict is accessible.
        var enforcedSince: Date?
        var latest: BlockVerdict
        var latestAt: Date
        var regressions: Int
        /// When the order was last seen accessible after having been enforced.
        var lastRegression: Date?

        var enforced: Bool { enforcedSince != nil }
        var timeToEnforcement: TimeInterval? { firstEnforced.map { max(0, $0.timeIntervalSince(order.issuedAt)) } }
    }

    struct Network: Sendable {
        var asn: Int
        var name: String?
        var orders: [OrderState]
        var lastMeasured: Date?

        var activeOrders: [OrderState] { orders.filter(\.order.active) }
        var enforcedNow: Int { activeOrders.filter(\.enforced).count }
        var regressions: Int { orders.reduce(0) { $0 + $1.regressions } }
        var medianTimeToEnforcement: TimeInterval? {
            let times = orders.compactMap(\.timeToEnforcement).sorted()
            guard !times.isEmpty else { return nil }
            let mid = times.count / 2
            return times.count % 2 == 1 ? times[mid] : (times[mid - 1] + times[mid]) / 2
        }
    }

    /// Folds observations (any order) into per-network, per-order states. Pure.
    static func build(_ observations: [Observation], orders: [Int: Order], names: [Int: String] = [:]) -> [Network] {
        let byNetwork = Dictionary(grouping: observations, by: \.asn)
        return byNetwork.keys.sorted().map { asn in
            let rows = byNetwork[asn] ?? []
            let sorted = rows.sorted { ($0.measuredAt, $0.orderID) < ($1.measuredAt, $1.orderID) }
            let name = sorted.last(where: { $0.networkName != nil })?.networkName ?? names[asn]
            let byOrder = Dictionary(grouping: sorted, by: \.orderID)
            let states = byOrder.keys.sorted().compactMap { id -> OrderState? in
                guard let order = orders[id], let series = byOrder[id] else { return nil }
                return state(order, series)
            }
            return Network(asn: asn, name: name, orders: states, lastMeasured: sorted.last?.measuredAt)
        }
    }

    static func state(_ order: Order, _ series: [Observation]) -> OrderState? {
        guard let last = series.last else { return nil }
        var firstEnforced: Date?
        var since: Date?
        var wasEnforced = false
        var regressions = 0
        var lastRegression: Date?
        for o in series {
            if o.verdict.isEnforced {
                if firstEnforced == nil { firstEnforced = o.measuredAt }
                if !wasEnforced { since = o.measuredAt }
                wasEnforced = true
            } else if o.verdict == .accessible {
                if wasEnforced {
                    regressions += 1
                    lastRegression = o.measuredAt
                }
                wasEnforced = false
                since = nil
            }
        }
        return OrderState(order: order, measurements: series.count, firstEnforced: firstEnforced,
                          enforcedSince: wasEnforced ? since : nil, latest: last.verdict, latestAt: last.measuredAt,
                          regressions: regressions, lastRegression: lastRegression)
    }

    /// Rows read per page; more than this many measurements of one network are read newest first.
    static let maxRows = 200_000

    static func load(asn: Int? = nil, on db: any Database) async throws -> [Network] {
        guard let sql = db as? any SQLDatabase else { return [] }
        struct Row: Decodable {
            var asn: Int
            var network_name: String?
            var block_order_id: Int
            var measured_at: Date
            var verdict: String
        }
        var query = sql.select().columns("asn", "network_name", "block_order_id", "measured_at", "verdict")
            .from("measurements")
            .where("asn", .isNot, SQLLiteral.null)
            .where("block_order_id", .isNot, SQLLiteral.null)
            .where("vantage", .notEqual, SQLBind(MeasurementVantage.control.rawValue))
        if let asn { query = query.where("asn", .equal, SQLBind(asn)) }
        let rows = try await query.orderBy("measured_at", .descending).limit(maxRows).all(decoding: Row.self)
        let observations = rows.compactMap { r in
            BlockVerdict(rawValue: r.verdict).map {
                Observation(asn: r.asn, networkName: r.network_name, orderID: r.block_order_id,
                            measuredAt: r.measured_at, verdict: $0)
            }
        }
        let ids = Array(Set(observations.map(\.orderID)))
        var orders: [Int: Order] = [:]
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            for o in try await BlockOrder.query(on: db).filter(\.$id ~~ chunk).all() {
                guard let id = o.id else { continue }
                orders[id] = Order(id: id, target: o.target, issuedAt: o.issuedAt,
                                   active: o.status == BlockOrderStatus.active.rawValue, liftedAt: o.liftedAt)
            }
        }
        var names: [Int: String] = [:]
        for n in try await NetworkTableNames.all(on: db) { names[n.asn] = names[n.asn] ?? n.name }
        return build(observations, orders: orders, names: names)
    }
}

/// The provider names the networks table gives each ASN (for networks whose measurements carry none).
enum NetworkTableNames {
    static func all(on db: any Database) async throws -> [(asn: Int, name: String)] {
        try await Network.query(on: db).sort(\.$prefix).limit(100_000).all().map { ($0.asn, $0.name) }
    }
}
