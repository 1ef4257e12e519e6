import Foundation
import KaiguulCore

/// A `measurements` row from what a vantage saw and its verdict: the raw measurement in its wire form,
/// the reasons bounded.
enum MeasurementRecords {
    static let rawLimit = 64 * 1024

    static func make(_ measured: SiteMeasurement, order: BlockOrder, vantage: MeasurementVantage,
                     outcome: VerdictRules.Outcome, receivedAt: Date) throws -> MeasurementRecord {
        let row = MeasurementRecord()
        row.blockOrderID = order.id
        row.target = order.target
        row.vantage = vantage.rawValue
        row.resolver = measured.dns.resolver
        row.measuredAt = measured.measuredAt
        row.receivedAt = receivedAt
        row.verdict = outcome.verdict.rawValue
        row.blockpage = outcome.blockpage
        row.reasons = String(outcome.reasons.joined(separator: "; ").prefix(SiteMeasurement.Limits.text))
        row.raw = try raw(measured)
        return row
    }

    /// The wire form; a measurement too large to keep whole loses its body excerpt first.
    static func raw(_ measured: SiteMeasurement) throws -> String {
        let encoder = SiteMeasurement.encoder()
        var text = String(decoding: try encoder.encode(measured), as: UTF8.self)
        if text.utf8.count > rawLimit {
            var smaller = measured
            smaller.http?.bodyExcerpt = nil
            text = String(decoding: try encoder.encode(smaller), as: UTF8.self)
        }
        return text
    }

    static func measurement(_ row: MeasurementRecord) -> SiteMeasurement? {
        try? SiteMeasurement.decoder().decode(SiteMeasurement.self, from: Data(row.raw.utf8))
    }
}
