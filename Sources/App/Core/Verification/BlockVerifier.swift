import Fluent
import Foundation
import KaiguulCore
import Monitor
import Vapor

/// Checks that blocks hold, measured the way OONI's `web_connectivity` does: for every active block
/// order, a control measurement (Kaiguul's own resolver and fetch) and one measurement through each
/// configured provider resolver, each judged against the control by `VerdictRules`. Every measurement
/// is kept in `measurements`; one `reachability_checks` row per order keeps the older pages working
/// (reachable = some resolver's verdict is `accessible`).
enum BlockVerifier {
    struct Settings: Sendable {
        /// Provider resolvers, `system` or `IPv4[:port]` entries, from `KAIGUUL_RESOLVERS` (comma-separated).
        var resolvers: [String]
        var timeoutSeconds: Int64
        /// The crawler's fetch settings (allow list, proxy, CAs); the measurer shortens them.
        var fetch = FetcherConfiguration()
        /// The uncensored view's resolver (`KAIGUUL_CONTROL_RESOLVER`, default the system's).
        var controlResolver = "system"
        /// How old a stored control may be when a probe's measurement is judged (`KAIGUUL_CONTROL_MAX_AGE`).
        var controlMaxAge: TimeInterval = 6 * 3600
        /// Orders measured at the same time.
        var parallel = 4

        static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> Settings {
            let list = (env["KAIGUUL_RESOLVERS"] ?? "").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let timeout = env["KAIGUUL_VERIFY_TIMEOUT"].flatMap(Int64.init).map { min(max($0, 1), 30) } ?? 5
            var settings = Settings(resolvers: list.isEmpty ? ["system"] : Array(list.prefix(32)),
                                    timeoutSeconds: timeout,
                                    fetch: (try? FetcherConfiguration.fromEnvironment(env)) ?? FetcherConfiguration())
            if let control = env["KAIGUUL_CONTROL_RESOLVER"]?.trimmingCharacters(in: .whitespaces), !control.isEmpty {
                settings.controlResolver = control
            }
            if let age = env["KAIGUUL_CONTROL_MAX_AGE"].flatMap(Self.duration) { settings.controlMaxAge = age }
            return settings
        }

        /// `3600`, `90m`, `6h`, `1d`: seconds unless a unit is given; nil when unreadable or not positive.
        static func duration(_ text: String) -> TimeInterval? {
            let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
            let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
            var number = Substring(trimmed)
            var unit = 1.0
            if let last = trimmed.last, let scale = units[last] {
                unit = scale
                number = trimmed.dropLast()
            }
            guard let value = Double(number), value > 0, value.isFinite else { return nil }
            return value * unit
        }

        func measurer() -> SiteMeasurer {
            var configuration = MeasurerConfiguration(timeout: .seconds(timeoutSeconds), fetch: fetch)
            configuration.maximumBodyBytes = 65_536
            return SiteMeasurer(configuration: configuration)
        }
    }

    struct Outcome: Sendable {
        var orderID: Int
        var target: String
        var reachable: Bool
        var summary: String
        /// The control's verdict, then each resolver's.
        var control: BlockVerdict
        var verdicts: [(resolver: String, verdict: BlockVerdict, reasons: [String])]
    }

    static func run(app: Application, settings: Settings, actor: AuditActor = .system) async throws -> [Outcome] {
        let orders = try await BlockOrder.query(on: app.db).filter(\.$status == BlockOrderStatus.active.rawValue)
            .sort(\.$id).all()
        let table = try await NetworkTable.load(on: app.db)
        // Capture addresses join passive DNS first, so a shared address shows before the next order is issued.
        try await PassiveDNS.recordCaptures(app: app)
        var outcomes: [Outcome] = []
        var index = 0
        while index < orders.count {
            let batch = orders[index..<min(index + max(1, settings.parallel), orders.count)]
            index += batch.count
            let measured = try await withThrowingTaskGroup(of: Outcome?.self) { group in
                for order in batch {
                    group.addTask { try await verify(order, settings: settings, table: table, app: app) }
                }
                var done: [Outcome] = []
                for try await outcome in group { if let outcome { done.append(outcome) } }
                return done
            }
            outcomes += measured.sorted { $0.orderID < $1.orderID }
        }
        let checked = outcomes.count
        let reachable = outcomes.filter(\.reachable).count
        try await app.write { db in
            try await AuditLog.append(on: db, actor: actor, action: "blocklist.verify", objectType: "block_order",
                                      objectID: nil,
                                      details: ["checked": String(checked), "reachable": String(reachable)])
        }
        return outcomes
    }

    /// One order: a fresh control, one measurement per resolver judged against it, all stored in one
    /// transaction with the order's reachability row and the control's passive DNS.
    static func verify(_ order: BlockOrder, settings: Settings, table: NetworkTable, app: Application)
        async throws -> Outcome?
    {
        guard let orderID = order.id else { return nil }
        let measurer = settings.measurer()
        let control = await measurer.measure(target: order.target, orderID: orderID, resolver: settings.controlResolver)
        let evidenceTitle = try await EvidenceTitle.of(caseID: order.caseID, on: app.db)
        var judged: [(SiteMeasurement, VerdictRules.Outcome)] = []
        for resolver in settings.resolvers {
            let seen = await measurer.measure(target: order.target, orderID: orderID, resolver: resolver)
            judged.append((seen, VerdictRules.verdict(probe: seen, control: control, evidenceTitle: evidenceTitle,
                                                      sameNetwork: table.sameNetwork)))
        }
        let controlOutcome = VerdictRules.controlVerdict(control)
        let received = Date()
        let check = reachability(order: orderID, judged: judged, resolvers: settings.resolvers, at: received)
        let stored = judged
        try await app.write { db in
            let controlRow = try MeasurementRecords.make(control, order: order, vantage: .control,
                                                         outcome: controlOutcome, receivedAt: received)
            try await controlRow.create(on: db)
            for (seen, outcome) in stored {
                let row = try MeasurementRecords.make(seen, order: order, vantage: .resolver, outcome: outcome,
                                                      receivedAt: received)
                row.resolver = seen.dns.resolver
                row.controlID = controlRow.id
                // The provider is the one whose resolver answered, known by the resolver's own address.
                if let network = resolverAddress(seen.dns.resolver).flatMap(table.network(of:)) {
                    row.asn = network.asn
                    row.networkName = network.name
                }
                try await row.create(on: db)
            }
            try await check.create(on: db)
            try await PassiveDNS.record(control, at: received, on: db)
        }
        return Outcome(orderID: orderID, target: order.target, reachable: check.reachable, summary: check.details,
                       control: controlOutcome.verdict,
                       verdicts: zip(settings.resolvers, judged).map { ($0, $1.1.verdict, $1.1.reasons) })
    }

    /// The address part of `IPv4[:port]`, `[IPv6]:port` or a bare address; nil for `system`.
    static func resolverAddress(_ resolver: String) -> String? {
        if resolver.hasPrefix("["), let close = resolver.firstIndex(of: "]") {
            return String(resolver[resolver.index(after: resolver.startIndex)..<close])
        }
        if IPAddress(resolver) != nil { return resolver }
        let parts = resolver.split(separator: ":")
        return parts.count == 2 && IPAddress(String(parts[0])) != nil ? String(parts[0]) : nil
    }

    /// The row the case page and dashboard have read since before verdicts: still reachable when some
    /// resolver's view is `accessible`.
    static func reachability(order: Int, judged: [(SiteMeasurement, VerdictRules.Outcome)], resolvers: [String],
                             at date: Date) -> ReachabilityCheck {
        let row = ReachabilityCheck()
        row.blockOrderID = order
        row.checkedAt = date
        row.resolver = String(resolvers.joined(separator: ",").prefix(500))
        row.dnsResult = String(judged.map { seen, _ in
            "\(seen.dns.resolver): " + (seen.dns.addresses.isEmpty
                ? (seen.dns.rcode ?? seen.dns.failure ?? "no answer") : "A " + seen.dns.addresses.joined(separator: " "))
        }.joined(separator: "; ").prefix(2000))
        row.httpStatus = judged.lazy.compactMap { $0.0.http?.status }.first
        row.reachable = judged.contains { $0.1.verdict == .accessible }
        row.details = String(judged.map { seen, outcome in
            "\(seen.dns.resolver): \(outcome.verdict.rawValue) (\(outcome.reasons.joined(separator: "; ")))"
        }.joined(separator: "; ").prefix(2000))
        return row
    }
}
