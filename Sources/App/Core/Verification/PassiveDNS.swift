import Fluent
import Foundation
import KaiguulCore
import Monitor
import SQLKit
import Vapor

/// Passive DNS of Kaiguul's own view: the names its control resolutions and its captures saw on each
/// address (`dns_observations`). The collateral check reads it.
enum PassiveDNS {
    enum Origin: String, Sendable { case resolution, capture }

    /// Names and addresses kept at most this long (a hostile answer is not stored whole).
    static let nameLimit = 253

    /// The control's answer for the target's host.
    static func record(_ control: SiteMeasurement, at date: Date, on db: any Database) async throws {
        guard let host = host(of: control.target), IPAddress(host) == nil else { return }
        for address in control.dns.addresses.prefix(SiteMeasurement.Limits.addresses) {
            guard let ip = IPAddress(address) else { continue }
            try await observe(name: host, address: ip.description, origin: .resolution, at: date, on: db)
        }
    }

    /// Captures made since the newest capture already observed: their host and the address they came from.
    static func recordCaptures(app: Application, limit: Int = 5_000) async throws {
        guard let sql = app.db as? any SQLDatabase else { return }
        struct Last: Decodable { var last: Date? }
        struct Row: Decodable { var url: String; var ip: String; var fetched_at: Date }
        // A stored time does not read back bit for bit; a millisecond's margin keeps the newest capture
        // from being counted again on every run.
        let last = (try await sql.raw("""
            SELECT MAX(last_seen) AS last FROM dns_observations WHERE origin = \(bind: Origin.capture.rawValue)
            """).first(decoding: Last.self)?.last ?? Date(timeIntervalSince1970: 0)).addingTimeInterval(0.001)
        let rows = try await sql.raw("""
            SELECT url, ip, fetched_at FROM captures WHERE ip IS NOT NULL AND fetched_at > \(bind: last)
            ORDER BY fetched_at LIMIT \(unsafeRaw: String(max(1, limit)))
            """).all(decoding: Row.self)
        guard !rows.isEmpty else { return }
        try await app.write { db in
            for row in rows {
                guard let host = host(of: row.url), IPAddress(host) == nil, let ip = IPAddress(row.ip) else { continue }
                try await observe(name: host, address: ip.description, origin: .capture, at: row.fetched_at, on: db)
            }
        }
    }

    static func observe(name: String, address: String, origin: Origin, at date: Date, on db: any Database)
        async throws
    {
        guard let sql = db as? any SQLDatabase, !name.isEmpty, name.utf8.count <= nameLimit else { return }
        try await sql.raw("""
            INSERT INTO dns_observations (name, address, origin, first_seen, last_seen, seen_count)
            VALUES (\(bind: name), \(bind: address), \(bind: origin.rawValue), \(bind: date), \(bind: date), 1)
            ON CONFLICT (name, address, origin) DO UPDATE SET last_seen = excluded.last_seen,
                seen_count = dns_observations.seen_count + 1
            """).run()
    }

    /// The host of a target or URL, lower-case, without brackets or port.
    static func host(of target: String) -> String? {
        let text = target.contains("://") ? target : "https://" + target
        guard var host = URLComponents(string: text).flatMap({ $0.encodedHost ?? $0.host }), !host.isEmpty else {
            return nil
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host.lowercased()
    }
}
