import Fluent
import Foundation
import KaiguulCore
import Monitor
import Vapor

extension BlockVerifier {
    /// The control a probe's measurement of this order is judged against: the latest stored control of
    /// the order younger than `KAIGUUL_CONTROL_MAX_AGE` (default 6 h), or a fresh one, stored.
    static func control(for order: BlockOrder, app: Application) async throws -> MeasurementRecord {
        try await control(for: order, settings: .fromEnvironment(), app: app)
    }

    static func control(for order: BlockOrder, settings: Settings, app: Application, now: Date = Date())
        async throws -> MeasurementRecord
    {
        guard let orderID = order.id else { throw AppError(status: .badRequest, message: "error.not_found") }
        if let recent = try await MeasurementRecord.query(on: app.db)
            .filter(\.$blockOrderID == orderID)
            .filter(\.$vantage == MeasurementVantage.control.rawValue)
            .filter(\.$measuredAt >= now.addingTimeInterval(-settings.controlMaxAge))
            .sort(\.$measuredAt, .descending).sort(\.$id, .descending).first()
        {
            return recent
        }
        let measured = await settings.measurer().measure(target: order.target, orderID: orderID,
                                                         resolver: settings.controlResolver)
        let row = try MeasurementRecords.make(measured, order: order, vantage: .control,
                                              outcome: VerdictRules.controlVerdict(measured), receivedAt: Date())
        try await app.write { db in
            try await row.create(on: db)
            try await PassiveDNS.record(measured, at: row.receivedAt, on: db)
        }
        return row
    }
}
