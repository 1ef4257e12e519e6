import Exchange
import Fluent
import Foundation
import KaiguulCore
import Vapor

/// Where the control a probe's measurement is compared with comes from: the latest control of the
/// order's target, or a fresh one (`BlockVerifier.control`). Tests hand in stored controls, so they
/// run offline.
struct ProbeControlSource: Sendable {
    var control: @Sendable (BlockOrder, Application) async throws -> MeasurementRecord
    /// The title of the page the case's evidence captured, when there is one.
    var evidenceTitle: @Sendable (BlockOrder, Application) async throws -> String? = { _, _ in nil }
}

struct ProbeControlSourceKey: StorageKey {
    typealias Value = ProbeControlSource
}

extension Application {
    /// Set by tests; nil: the server's own control measurement (`ProbeControlSource.live`).
    var probeControlSource: ProbeControlSource? {
        get { storage[ProbeControlSourceKey.self] }
        set { storage[ProbeControlSourceKey.self] = newValue }
    }
}

/// Takes one upload of one probe: validates all of it, attributes it to a network, computes each
/// verdict on the server against the control (a probe's own opinion is not asked), then stores every
/// measurement, the probe's last-seen time and one audit row in one transaction.
enum ProbeIntake {
    struct Verdict: Content, Sendable {
        var order_id: Int
        var target: String
        var verdict: String
        var blockpage: String?
    }

    struct Receipt: Content, Sendable {
        var probe: String
        var accepted: Int
        var asn: Int?
        var network_name: String?
        var verdicts: [Verdict]
    }

    /// Measurement rows per insert statement: 17 columns stay well below either database's bound parameters.
    static let rowsPerStatement = 200
    static let reasonsLength = 2_000
    /// Control measurements made at the same time for one upload.
    static let parallelControls = 8

    static func receive(_ upload: ProbeUpload, probe: Probe, address: String, controls: ProbeControlSource,
                        app: Application, now: Date = Date()) async throws -> Receipt {
        try upload.validate(now: now)
        let probeID = try probe.requireID()
        if let claimed = upload.probe, claimed != probe.name {
            throw AppError(status: .forbidden, message: "probes.error.other_probe", field: "probe")
        }
        let table = try await NetworkTable.load(on: app.db)
        let network = try ProbeAttribution.attribute(
            registeredASN: probe.asn, registeredName: probe.networkName, declaredASN: upload.asn,
            declaredName: upload.networkName, address: address, table: table)

        // Every order named must exist and be the target measured.
        let ids = Array(Set(upload.measurements.compactMap(\.orderID)))
        var orders: [Int: BlockOrder] = [:]
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            for order in try await BlockOrder.query(on: app.db).filter(\.$id ~~ chunk).all() {
                if let id = order.id { orders[id] = order }
            }
        }
        for (i, m) in upload.measurements.enumerated() {
            guard let id = m.orderID, let order = orders[id] else {
                throw AppError.invalid("measurements[\(i)].order_id", "probes.error.order")
            }
            let listed = (try? BlockTarget.parse(order.target))?.canonical ?? order.target
            guard m.target == listed || m.target == order.target else {
                throw AppError.invalid("measurements[\(i)].target", "probes.error.target")
            }
        }

        // Controls are network work: done before the transaction, never inside it, a few orders at a time
        // (a fresh control is a whole measurement; a stored one younger than the control age is reused).
        typealias Control = (id: Int?, measurement: SiteMeasurement, title: String?)
        var controlByOrder: [Int: Control] = [:]
        let pending = ids.sorted().compactMap { orders[$0] }
        await withTaskGroup(of: (Int, Control?).self) { group in
            var queue = pending.makeIterator()
            func add(_ order: BlockOrder) {
                let id = order.id ?? 0
                group.addTask {
                    do {
                        let record = try await controls.control(order, app)
                        let measurement = try SiteMeasurement.decoder().decode(SiteMeasurement.self,
                                                                               from: Data(record.raw.utf8))
                        let title = try? await controls.evidenceTitle(order, app)
                        return (id, (record.id, measurement, title ?? nil))
                    } catch {
                        // No control: this order's verdicts are inconclusive; the upload is still kept.
                        app.logger.warning("probe upload: no control for block order \(id): \(String(describing: error).prefix(300))")
                        return (id, nil)
                    }
                }
            }
            for _ in 0..<Self.parallelControls {
                guard let next = queue.next() else { break }
                add(next)
            }
            for await (id, control) in group {
                if let control { controlByOrder[id] = control }
                if let next = queue.next() { add(next) }
            }
        }

        let encoder = SiteMeasurement.encoder()
        var records: [MeasurementRecord] = []
        var verdicts: [Verdict] = []
        for m in upload.measurements {
            guard let id = m.orderID, let order = orders[id] else { continue }
            let outcome: (BlockVerdict, String?, [String])
            if let control = controlByOrder[id] {
                let judged = VerdictRules.verdict(probe: m, control: control.measurement, evidenceTitle: control.title,
                                                  sameNetwork: table.sameNetwork)
                outcome = (judged.verdict, judged.blockpage, judged.reasons)
            } else {
                outcome = (.inconclusive, nil, ["control: no control measurement of the target could be made"])
            }
            let record = MeasurementRecord()
            record.blockOrderID = id
            record.target = order.target
            record.vantage = MeasurementVantage.probe.rawValue
            record.probeID = probeID
            record.resolver = m.dns.resolver
            record.asn = network.asn
            record.networkName = network.networkName
            record.measuredAt = m.measuredAt
            record.receivedAt = now
            record.verdict = outcome.0.rawValue
            record.blockpage = outcome.1.map { String($0.prefix(200)) }
            record.reasons = String(outcome.2.joined(separator: "; ").prefix(reasonsLength))
            record.controlID = controlByOrder[id]?.id ?? nil
            record.listSerial = upload.listSerial
            record.raw = String(decoding: try encoder.encode(m), as: UTF8.self)
            records.append(record)
            verdicts.append(Verdict(order_id: id, target: order.target, verdict: outcome.0.rawValue,
                                    blockpage: record.blockpage))
        }

        let stored = records
        let enforced = verdicts.filter { BlockVerdict(rawValue: $0.verdict)?.isEnforced == true }.count
        try await app.write { db in
            for start in stride(from: 0, to: stored.count, by: rowsPerStatement) {
                try await Array(stored[start..<min(start + rowsPerStatement, stored.count)]).create(on: db)
            }
            guard let fresh = try await Probe.find(probeID, on: db), fresh.disabledAt == nil else {
                // Disabled while its controls were measured: nothing of this upload stays.
                throw AppError(status: .forbidden, message: "probes.error.disabled")
            }
            fresh.lastSeenAt = now
            try await fresh.update(on: db)
            var details = ["count": String(stored.count), "enforced": String(enforced), "attribution": network.source,
                           "address": address]
            if let asn = network.asn { details["asn"] = String(asn) }
            if let name = network.networkName { details["network_name"] = name }
            if let serial = upload.listSerial { details["list_serial"] = String(serial) }
            try await AuditLog.append(on: db, actor: AuditActor(id: nil, label: "probe:\(probe.name)"),
                                      action: "probe.upload", objectType: "probe", objectID: String(probeID),
                                      details: details)
        }
        return Receipt(probe: probe.name, accepted: stored.count, asn: network.asn, network_name: network.networkName,
                       verdicts: verdicts)
    }
}
