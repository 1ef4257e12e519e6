import Exchange
import Fluent
import Foundation
import Monitor
import Vapor

/// Checks that blocks hold: for every active block order, resolve the target through each configured
/// resolver and try to fetch it over HTTP(S) with short timeouts; store one `reachability_checks` row per
/// order. A target that still answers is flagged on the case page and the dashboard.
enum BlockVerifier {
    struct Settings: Sendable {
        /// `system` or `IPv4[:port]` entries, from `KAIGUUL_RESOLVERS` (comma-separated).
        var resolvers: [String]
        var timeoutSeconds: Int64
        /// The crawler's fetch settings (allow list, proxy, CAs); `fetcherConfiguration()` shortens them.
        var fetch = FetcherConfiguration()

        static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> Settings {
            let list = (env["KAIGUUL_RESOLVERS"] ?? "").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let timeout = env["KAIGUUL_VERIFY_TIMEOUT"].flatMap(Int64.init).map { min(max($0, 1), 30) } ?? 5
            return Settings(resolvers: list.isEmpty ? ["system"] : list, timeoutSeconds: timeout,
                            fetch: (try? FetcherConfiguration.fromEnvironment(env)) ?? FetcherConfiguration())
        }

        /// The crawler's settings (allow list, proxy, CAs) with this check's short limits: one
        /// attempt, no politeness delay, a small body.
        func fetcherConfiguration() -> FetcherConfiguration {
            var configuration = fetch
            configuration.userAgent = "Kaiguul block verification"
            configuration.connectTimeout = .seconds(timeoutSeconds)
            configuration.readTimeout = .seconds(timeoutSeconds)
            configuration.totalTimeout = .seconds(timeoutSeconds * 2)
            configuration.maximumAttempts = 1
            configuration.minimumDelayPerHost = .zero
            configuration.maximumBodyBytes = 65_536
            configuration.maximumDecodedBytes = 262_144
            return configuration
        }
    }

    struct Outcome: Sendable {
        var orderID: Int
        var target: String
        var reachable: Bool
        var summary: String
    }

    static func run(app: Application, settings: Settings, actor: AuditActor = .system) async throws -> [Outcome] {
        let orders = try await BlockOrder.query(on: app.db).filter(\.$status == BlockOrderStatus.active.rawValue)
            .sort(\.$id).all()
        var outcomes: [Outcome] = []
        var rows: [ReachabilityCheck] = []
        // Blocked sites are hostile: their answers go through the monitor's guarded fetcher, so a
        // redirect to an inside or cloud-metadata address is refused like any crawl's.
        let fetcher = Fetcher(configuration: settings.fetcherConfiguration())
        defer { Task { await fetcher.shutdown() } }
        for order in orders {
            guard let id = order.id else { continue }
            let check = await verify(order.target, settings: settings, fetcher: fetcher)
            check.blockOrderID = id
            rows.append(check)
            outcomes.append(Outcome(orderID: id, target: order.target, reachable: check.reachable,
                                    summary: check.details))
        }
        let stored = rows
        let reachable = outcomes.filter(\.reachable).count
        try await app.write { db in
            for row in stored { try await row.create(on: db) }
            try await AuditLog.append(on: db, actor: actor, action: "blocklist.verify", objectType: "block_order",
                                      objectID: nil,
                                      details: ["checked": String(stored.count), "reachable": String(reachable)])
        }
        return outcomes
    }

    /// One target through every resolver and over HTTP(S). Never throws: failures are results.
    static func verify(_ target: String, settings: Settings, fetcher: Fetcher) async -> ReachabilityCheck {
        let row = ReachabilityCheck()
        row.checkedAt = Date()
        row.resolver = settings.resolvers.joined(separator: ",")
        var urls: [String] = []
        var host = ""
        switch try? BlockTarget.parse(target) {
        case .domain(let name, let port)?:
            host = name
            let site = port.map { "\(name):\($0)" } ?? name
            urls = ["https://\(site)/", "http://\(site)/"]
        case .url(let url)?:
            host = URLComponents(string: url)?.host ?? ""
            urls = [url]
        case .account?:
            let url = (try? BlockTarget.parse(target))?.canonical ?? target
            host = URLComponents(string: url)?.host ?? ""
            urls = [url]
        case nil:
            row.dnsResult = "unparseable target"
            row.reachable = false
            row.details = "target could not be parsed"
            return row
        }
        let isAddress = host.hasPrefix("[") || host.split(separator: ".").allSatisfy { Int($0) != nil }
        var dnsParts: [String] = []
        var resolves = isAddress
        if isAddress {
            dnsParts.append("address")
        } else {
            for server in settings.resolvers {
                let timeout = Int(settings.timeoutSeconds)
                let name = host
                let answer = await Task.detached { @Sendable () -> DNSQuery.Answer in
                    DNSQuery.resolve(name, server: server, timeoutSeconds: timeout)
                }.value
                dnsParts.append("\(server): \(answer.summary)")
                if answer.resolves { resolves = true }
            }
        }
        row.dnsResult = String(dnsParts.joined(separator: "; ").prefix(2000))
        var httpNotes: [String] = []
        if resolves {
            for url in urls {
                let result = await fetcher.fetch(url)
                // Any answer from the target (even a redirect whose next hop is refused) means the
                // block does not hold.
                if let status = result.exchanges.last?.status {
                    row.httpStatus = status
                    httpNotes.append("\(url): HTTP \(status)")
                    break
                }
                httpNotes.append("\(url): \(String((result.failure?.description ?? "no answer").prefix(200)))")
            }
        } else {
            httpNotes.append("not fetched: the name does not resolve")
        }
        row.reachable = row.httpStatus != nil
        row.details = String(httpNotes.joined(separator: "; ").prefix(2000))
        return row
    }

}
