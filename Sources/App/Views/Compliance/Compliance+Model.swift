import Fluent
import KaiguulCore
import Vapor

/// The compliance pages: `/compliance` (every provider network: how many orders it enforces, how
/// fast, how often a block came undone) and `/compliance/<asn>` (each order in that network).
enum Compliance {
    struct Model: Sendable {
        var networks: [ComplianceReport.Network]
        /// Active block orders in all: the denominator a network's "enforced" count is read against.
        var activeOrders: Int
        var canManageProbes: Bool
    }

    struct NetworkModel: Sendable {
        var asn: Int
        var network: ComplianceReport.Network?
        var name: String?
        var activeOrders: Int
    }

    static func load(_ req: Request) async throws -> Model {
        var networks = try await ComplianceReport.load(on: req.db)
        // A provider in the networks table without a single measurement is listed too: no probe there is a gap.
        let measured = Set(networks.map(\.asn))
        var unmeasured: [Int: String] = [:]
        for n in try await NetworkTableNames.all(on: req.db) where !measured.contains(n.asn) {
            unmeasured[n.asn] = unmeasured[n.asn] ?? n.name
        }
        networks += unmeasured.keys.sorted().map { ComplianceReport.Network(asn: $0, name: unmeasured[$0], orders: [],
                                                                              lastMeasured: nil) }
        let active = try await BlockOrder.query(on: req.db).filter(\.$status == BlockOrderStatus.active.rawValue).count()
        return Model(networks: networks, activeOrders: active, canManageProbes: req.can(.create, .probe))
    }

    static func load(_ req: Request, asn: Int) async throws -> NetworkModel {
        let network = try await ComplianceReport.load(asn: asn, on: req.db).first
        let tableName = try await Network.query(on: req.db).filter(\.$asn == asn).first()?.name
        let active = try await BlockOrder.query(on: req.db).filter(\.$status == BlockOrderStatus.active.rawValue).count()
        return NetworkModel(asn: asn, network: network, name: network?.name ?? tableName, activeOrders: active)
    }

    /// `45 min`, `3 h 20 min`, `2 d 4 h`, in the reader's language.
    static func duration(_ seconds: TimeInterval, _ t: Translator) -> String {
        let minutes = Int((seconds / 60).rounded())
        if minutes < 60 { return t("compliance.duration.minutes", ["m": String(minutes)]) }
        let hours = minutes / 60
        if hours < 24 { return t("compliance.duration.hours", ["h": String(hours), "m": String(minutes % 60)]) }
        return t("compliance.duration.days", ["d": String(hours / 24), "h": String(hours % 24)])
    }

    /// Only verdicts the page translates reach a key.
    static func verdictKey(_ verdict: BlockVerdict) -> String {
        "compliance.verdict.\(verdict.rawValue)"
    }
}
