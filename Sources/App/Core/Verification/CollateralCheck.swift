import Exchange
import KaiguulCore
import Fluent
import Foundation
import Monitor
import SQLKit

/// Who else a block by address would cut: the other sites seen on the target's addresses, from passive
/// DNS of Kaiguul's own resolutions and from its captures. Shown on the case's decision form before the
/// order is issued, and on the block-order list; a shared address means a provider blocking by IP
/// blocks those sites too.
enum CollateralCheck {
    struct Finding: Sendable, Hashable {
        var address: String
        /// Other sites' names, sorted, at most `namesShown`.
        var names: [String]
        /// How many more names were seen.
        var more: Int
    }

    static let namesShown = 10
    static let rowLimit = 2_000

    /// Accounts on a platform are blocked by URL, never by address: they have no finding.
    static func findings(target: String, on db: any Database) async throws -> [Finding] {
        guard let sql = db as? any SQLDatabase, let host = blockedHost(target) else { return [] }
        struct Address: Decodable { var address: String }
        struct Capture: Decodable { var url: String; var ip: String }
        var addresses = Set<String>()
        if let literal = IPAddress(host) {
            addresses.insert(literal.description)
        } else {
            for row in try await sql.raw("""
                SELECT DISTINCT address FROM dns_observations WHERE name = \(bind: host) LIMIT 64
                """).all(decoding: Address.self) {
                addresses.insert(row.address)
            }
            let pattern = "%://" + escapeLike(host) + "%"
            for row in try await sql.raw("""
                SELECT url, ip FROM captures WHERE ip IS NOT NULL AND url LIKE \(bind: pattern) ESCAPE '\\'
                ORDER BY id DESC LIMIT 200
                """).all(decoding: Capture.self) where PassiveDNS.host(of: row.url) == host {
                if let ip = IPAddress(row.ip) { addresses.insert(ip.description) }
            }
        }
        guard !addresses.isEmpty else { return [] }
        let list = Array(addresses.sorted().prefix(64))
        var others: [String: Set<String>] = [:]
        struct Observation: Decodable { var name: String; var address: String }
        for row in try await sql.raw("""
            SELECT name, address FROM dns_observations WHERE address IN (\(binds: list)) LIMIT \(unsafeRaw: String(rowLimit))
            """).all(decoding: Observation.self) {
            others[row.address, default: []].insert(row.name)
        }
        for row in try await sql.raw("""
            SELECT url, ip FROM captures WHERE ip IN (\(binds: list)) ORDER BY id DESC LIMIT \(unsafeRaw: String(rowLimit))
            """).all(decoding: Capture.self) {
            if let name = PassiveDNS.host(of: row.url) { others[row.ip, default: []].insert(name) }
        }
        let site = siteKey(host)
        return list.compactMap { address in
            let names = (others[address] ?? []).filter { IPAddress($0) == nil && siteKey($0) != site }.sorted()
            guard !names.isEmpty else { return nil }
            return Finding(address: address, names: Array(names.prefix(namesShown)),
                           more: max(0, names.count - namesShown))
        }
    }

    /// Findings of several orders' targets at once (the block-order list's page), by target.
    static func findings(targets: [String], on db: any Database) async throws -> [String: [Finding]] {
        var result: [String: [Finding]] = [:]
        for target in Set(targets) {
            let found = try await findings(target: target, on: db)
            if !found.isEmpty { result[target] = found }
        }
        return result
    }

    /// The host a block by address would act on; nil for accounts and unreadable targets.
    static func blockedHost(_ target: String) -> String? {
        switch try? BlockTarget.parse(target) {
        case .domain(let name, _)?: return PassiveDNS.host(of: name)
        case .url(let url)?: return PassiveDNS.host(of: url)
        case .account?, nil: return nil
        }
    }

    /// One site's names share this: `www.example.kg` and `example.kg` are one site; `example.com.kg` is
    /// its own under a public second level.
    static func siteKey(_ name: String) -> String {
        let labels = name.lowercased().split(separator: ".")
        guard labels.count > 2 else { return labels.joined(separator: ".") }
        let publicSecondLevels: Set<Substring> = ["com", "net", "org", "gov", "edu", "co", "ac", "mil", "in", "info"]
        let keep = publicSecondLevels.contains(labels[labels.count - 2]) ? 3 : 2
        return labels.suffix(keep).joined(separator: ".")
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}

extension CollateralCheck {
    /// What the case page warns about: its orders' targets, and its own target while a court decision
    /// (which issues the orders) can still be recorded.
    static func forCase(_ record: CaseRecord, orders: [BlockOrder], actions: [CaseAction.Kind], on db: any Database)
        async throws -> [String: [Finding]]
    {
        var targets = orders.filter { $0.status == BlockOrderStatus.active.rawValue }.map(\.target)
        if actions.contains(.recordCourtDecision) { targets.append(record.target) }
        return targets.isEmpty ? [:] : try await findings(targets: targets, on: db)
    }
}
