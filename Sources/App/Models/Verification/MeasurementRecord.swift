import Fluent
import Foundation

/// One stored measurement of a block order's target with its verdict (`measurements`). Never updated.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class MeasurementRecord: Model, @unchecked Sendable {
    static let schema = "measurements"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @OptionalField(key: "block_order_id") var blockOrderID: Int?
    @Field(key: "target") var target: String
    /// `control`, `resolver` or `probe` (`MeasurementVantage`).
    @Field(key: "vantage") var vantage: String
    @OptionalField(key: "probe_id") var probeID: Int?
    @OptionalField(key: "resolver") var resolver: String?
    @OptionalField(key: "asn") var asn: Int?
    @OptionalField(key: "network_name") var networkName: String?
    @Field(key: "measured_at") var measuredAt: Date
    @Field(key: "received_at") var receivedAt: Date
    /// `BlockVerdict` raw value.
    @Field(key: "verdict") var verdict: String
    @OptionalField(key: "blockpage") var blockpage: String?
    @Field(key: "reasons") var reasons: String
    @OptionalField(key: "control_id") var controlID: Int?
    @OptionalField(key: "list_serial") var listSerial: Int?
    /// `SiteMeasurement` JSON, wire form.
    @Field(key: "raw") var raw: String

    init() {}
}

/// Where a measurement was made from.
enum MeasurementVantage: String, Sendable, CaseIterable {
    /// Kaiguul's own resolver (`KAIGUUL_CONTROL_RESOLVER`, default the system's) and fetch: the uncensored view.
    case control
    /// A provider's resolver (`KAIGUUL_RESOLVERS`), queried from the server; TCP, TLS and HTTP from the server.
    case resolver
    /// `kaiguul probe` inside a provider's or volunteer's network.
    case probe
}
