import Fluent
import Foundation
import SQLKit

extension TransparencyReport {
    /// Reads the period `from`…`to` (calendar days, UTC, both included) and assembles the report.
    static func build(on db: any Database, from: String, to: String, now: Date = Date()) async throws
        -> TransparencyReport
    {
        guard let start = PeriodReport.day(from), let last = PeriodReport.day(to), start <= last else {
            throw AppError.invalid("from", "transparency.error.period")
        }
        let end = last.addingTimeInterval(86_400)
        let orders = try await BlockOrder.query(on: db).filter(\.$issuedAt < end)
            .group(.or) { $0.filter(\.$liftedAt == nil).filter(\.$liftedAt >= start) }
            .sort(\.$id).all()
        let orderRows: [OrderRow] = orders.compactMap { o in
            o.id.map { OrderRow(orderID: $0, target: o.target, kind: o.targetKind, issuedAt: o.issuedAt,
                                liftedAt: o.liftedAt, decisionID: o.courtDecisionID) }
        }
        let decisionIDs = Array(Set(orderRows.map(\.decisionID)))
        var decisions: [DecisionRow] = []
        for chunk in decisionIDs.chunks(of: 500) {
            for d in try await CourtDecision.query(on: db).filter(\.$id ~~ Array(chunk)).all() {
                guard let id = d.id else { continue }
                decisions.append(DecisionRow(id: id, court: d.court, number: d.number, decidedOn: d.decidedOn,
                                             appealState: d.appealState))
            }
        }
        let measurements = try await measurementRows(orderIDs: orderRows.map(\.orderID), before: end, on: db)
        return assemble(from: from, to: to, start: start, end: end, now: now, orders: orderRows,
                        decisions: decisions, measurements: measurements)
    }

    /// The measurements' verdict columns only: the raw measurement (which may quote a page) never enters the report.
    static func measurementRows(orderIDs: [Int], before end: Date, on db: any Database) async throws
        -> [MeasurementRow]
    {
        guard let sql = db as? any SQLDatabase else { return [] }
        struct Row: Decodable {
            var block_order_id: Int
            var vantage: String
            var asn: Int?
            var network_name: String?
            var resolver: String?
            var measured_at: Date
            var verdict: String
        }
        var out: [MeasurementRow] = []
        for chunk in orderIDs.chunks(of: 500) {
            let rows = try await sql.select()
                .columns("block_order_id", "vantage", "asn", "network_name", "resolver", "measured_at", "verdict")
                .from("measurements")
                .where("block_order_id", .in, Array(chunk))
                .where("measured_at", .lessThan, end)
                .orderBy("measured_at").orderBy("id")
                .all(decoding: Row.self)
            out += rows.map {
                MeasurementRow(orderID: $0.block_order_id, vantage: $0.vantage, asn: $0.asn,
                               networkName: $0.network_name, resolver: $0.resolver, measuredAt: $0.measured_at,
                               verdict: $0.verdict)
            }
        }
        return out.sorted { $0.measuredAt < $1.measuredAt }
    }
}

extension Array {
    fileprivate func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
