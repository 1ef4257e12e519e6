import Foundation
import KaiguulCore

/// The public-safe account of blocking (TCAP's transparency report, per court decision): what each
/// decision ordered, when it was listed and lifted, what each provider's network showed over time, and
/// the period's totals. It carries no evidence content (no titles, texts or captures), no personal data
/// (no user or probe names: providers appear by network), only what a court decision already made public.
struct TransparencyReport: Sendable, Encodable {
    var from: String
    var to: String
    var generatedAt: Date
    /// Every provider network that reported in the period: "all providers" in the totals means these.
    var providers: [Provider]
    var decisions: [Decision]
    var total: Totals
    var months: [Totals]

    struct Provider: Sendable, Encodable, Hashable {
        /// `AS64500`, or the network's name when no ASN is known.
        var key: String
        var asn: Int?
        var name: String
    }

    struct Decision: Sendable, Encodable {
        var court: String
        var number: String
        var decidedOn: String
        /// `AppealState` raw value.
        var appealState: String
        var targets: [Target]
    }

    struct Target: Sendable, Encodable {
        var orderID: Int
        var target: String
        /// `domain`, `url` or `account`.
        var kind: String
        var listedAt: Date
        var liftedAt: Date?
        /// The last measurement of any vantage found the control failing too (`down-everywhere`); nil: never measured.
        var offlineAtOrigin: Bool?
        var providers: [ProviderHistory]
    }

    struct ProviderHistory: Sendable, Encodable {
        var provider: String
        /// The first measurement after listing that found the block holding.
        var firstEnforcedAt: Date?
        var hoursToEnforcement: Double?
        var latestVerdict: String?
        var latestAt: Date?
        /// Times the block held and a later measurement found the target accessible again.
        var regressions: Int
        /// The day's last verdict, one entry per day measured.
        var days: [Day]
    }

    struct Day: Sendable, Encodable {
        var day: String
        var verdict: String
    }

    struct Totals: Sendable, Encodable {
        /// `2026-11`, or `from–to` for the whole period.
        var period: String
        /// Block orders listed in the period.
        var ordered: Int
        /// Of those, held by every reporting provider within 24 hours / 7 days of listing.
        var enforcedByAllWithinDay: Int
        var enforcedByAllWithinWeek: Int
        /// Of those, offline at the origin at the last measurement.
        var offlineAtOrigin: Int
        var lifted: Int

        func share(_ n: Int) -> Double? { ordered == 0 ? nil : Double(n) / Double(ordered) }
    }
}

extension TransparencyReport {
    /// A block order as read for the report.
    struct OrderRow: Sendable {
        var orderID: Int
        var target: String
        var kind: String
        var issuedAt: Date
        var liftedAt: Date?
        var decisionID: Int
    }

    struct DecisionRow: Sendable {
        var id: Int
        var court: String
        var number: String
        var decidedOn: String
        var appealState: String
    }

    /// One stored measurement, without its raw content.
    struct MeasurementRow: Sendable {
        var orderID: Int
        var vantage: String
        var asn: Int?
        var networkName: String?
        var resolver: String?
        var measuredAt: Date
        var verdict: String
    }

    /// Who a measurement speaks for: the network (by ASN when known). Control rows speak for no provider.
    static func provider(of m: MeasurementRow) -> Provider? {
        guard m.vantage != MeasurementVantage.control.rawValue else { return nil }
        if let asn = m.asn { return Provider(key: "AS\(asn)", asn: asn, name: m.networkName ?? "AS\(asn)") }
        if let name = m.networkName, !name.isEmpty { return Provider(key: name, asn: nil, name: name) }
        if let resolver = m.resolver, !resolver.isEmpty {
            return Provider(key: "resolver \(resolver)", asn: nil, name: "resolver \(resolver)")
        }
        return nil
    }

    /// The report from rows already read: orders listed up to the period's end and not lifted before its
    /// start, their decisions, and their measurements up to the period's end (`end` exclusive).
    static func assemble(from: String, to: String, start: Date, end: Date, now: Date, orders: [OrderRow],
                         decisions: [DecisionRow], measurements: [MeasurementRow]) -> TransparencyReport
    {
        let shown = orders.filter { $0.issuedAt < end && ($0.liftedAt.map { $0 >= start } ?? true) }
        let inPeriod = measurements.filter { $0.measuredAt >= start && $0.measuredAt < end }
        var providers: [String: Provider] = [:]
        for m in inPeriod { if let p = provider(of: m) { providers[p.key] = providers[p.key] ?? p } }
        let reporting = providers.values.sorted { $0.key < $1.key }
        let byOrder = Dictionary(grouping: measurements.filter { $0.measuredAt < end }, by: \.orderID)

        var targets: [Int: Target] = [:]
        for order in shown {
            let rows = (byOrder[order.orderID] ?? []).filter { $0.measuredAt >= order.issuedAt }
                .sorted { $0.measuredAt < $1.measuredAt }
            var histories: [ProviderHistory] = []
            for p in reporting {
                let mine = rows.filter { provider(of: $0)?.key == p.key }
                histories.append(history(of: mine, provider: p.key, listedAt: order.issuedAt))
            }
            let offline = rows.last.map { $0.verdict == BlockVerdict.downEverywhere.rawValue }
            targets[order.orderID] = Target(orderID: order.orderID, target: order.target, kind: order.kind,
                                            listedAt: order.issuedAt, liftedAt: order.liftedAt,
                                            offlineAtOrigin: offline, providers: histories)
        }
        let decisionByID = Dictionary(decisions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let grouped = Dictionary(grouping: shown, by: \.decisionID)
        let decisionList: [Decision] = grouped.keys.sorted().compactMap { id in
            guard let d = decisionByID[id] else { return nil }
            let list = (grouped[id] ?? []).sorted { $0.orderID < $1.orderID }.compactMap { targets[$0.orderID] }
            return Decision(court: d.court, number: d.number, decidedOn: d.decidedOn, appealState: d.appealState,
                            targets: list)
        }.sorted { ($0.decidedOn, $0.number) < ($1.decidedOn, $1.number) }

        func totals(_ label: String, _ lower: Date, _ upper: Date) -> Totals {
            let listed = shown.filter { $0.issuedAt >= lower && $0.issuedAt < upper }
            func enforcedByAll(_ order: OrderRow, within hours: Double) -> Bool {
                guard !reporting.isEmpty, let t = targets[order.orderID] else { return false }
                return t.providers.allSatisfy { ($0.hoursToEnforcement ?? .infinity) <= hours }
            }
            return Totals(period: label, ordered: listed.count,
                          enforcedByAllWithinDay: listed.filter { enforcedByAll($0, within: 24) }.count,
                          enforcedByAllWithinWeek: listed.filter { enforcedByAll($0, within: 24 * 7) }.count,
                          offlineAtOrigin: listed.filter { targets[$0.orderID]?.offlineAtOrigin == true }.count,
                          lifted: shown.filter { ($0.liftedAt.map { $0 >= lower && $0 < upper }) ?? false }.count)
        }
        var months: [Totals] = []
        var cursor = monthStart(start)
        while cursor < end {
            let next = Calendar.utc.date(byAdding: .month, value: 1, to: cursor) ?? end
            months.append(totals(String(PeriodReport.iso(cursor).prefix(7)), max(cursor, start), min(next, end)))
            cursor = next
        }
        return TransparencyReport(from: from, to: to, generatedAt: now, providers: reporting, decisions: decisionList,
                                  total: totals("\(from) – \(to)", start, end), months: months)
    }

    /// One provider's measurements of one order, oldest first.
    static func history(of rows: [MeasurementRow], provider: String, listedAt: Date) -> ProviderHistory {
        var first: Date?
        var regressions = 0
        var held = false
        var days: [String: String] = [:]
        for m in rows {
            let enforced = BlockVerdict(rawValue: m.verdict)?.isEnforced ?? false
            if enforced {
                if first == nil { first = m.measuredAt }
                held = true
            } else if held && m.verdict == BlockVerdict.accessible.rawValue {
                regressions += 1
                held = false
            }
            days[PeriodReport.iso(m.measuredAt)] = m.verdict
        }
        return ProviderHistory(
            provider: provider, firstEnforcedAt: first,
            hoursToEnforcement: first.map { max(0, $0.timeIntervalSince(listedAt)) / 3600 },
            latestVerdict: rows.last?.verdict, latestAt: rows.last?.measuredAt, regressions: regressions,
            days: days.keys.sorted().map { Day(day: $0, verdict: days[$0] ?? "") })
    }

    static func monthStart(_ date: Date) -> Date {
        Calendar.utc.date(from: Calendar.utc.dateComponents([.year, .month], from: date)) ?? date
    }
}

extension Calendar {
    fileprivate static let utc: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        return c
    }()
}
