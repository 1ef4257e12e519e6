import Fluent
import Foundation
import SQLKit

/// A cheap one-row summary of the records the publisher turns into STIX: block orders and their lifts,
/// court decisions and their appeal states, cases and their evidence, organisations, banned materials
/// and their revocations, banks and their entries. When it differs from the one the last publication
/// was made from, the next read publishes first, however recent that publication was: a block lifted
/// by another process (a worker, the command line) is served revoked on the very next read.
enum ExchangeRevision {
    static func current(on db: any Database) async throws -> String {
        guard let sql = db as? any SQLDatabase else { return "" }
        struct Row: Decodable {
            var orders: Int
            var orders_last: Int?
            var orders_lifted: Int
            var decisions: Int
            var decisions_last: Int?
            var appeals: Int
            var cases_changed: String?
            var evidence_last: Int?
            var organizations: Int
            var organizations_changed: String?
            var materials: Int
            var materials_revoked: Int
            var fingerprints_last: Int?
            var banks_changed: String?
            var entries: Int
            var entries_changed: String?
        }
        let row = try await sql.raw("""
            SELECT (SELECT COUNT(*) FROM block_orders) AS orders,
                   (SELECT MAX(id) FROM block_orders) AS orders_last,
                   (SELECT COUNT(*) FROM block_orders WHERE lifted_at IS NOT NULL) AS orders_lifted,
                   (SELECT COUNT(*) FROM court_decisions) AS decisions,
                   (SELECT MAX(id) FROM court_decisions) AS decisions_last,
                   (SELECT COUNT(*) FROM court_decisions WHERE appeal_state <> 'appealable') AS appeals,
                   (SELECT CAST(MAX(updated_at) AS TEXT) FROM cases) AS cases_changed,
                   (SELECT MAX(id) FROM case_evidence) AS evidence_last,
                   (SELECT COUNT(*) FROM organizations) AS organizations,
                   (SELECT CAST(MAX(updated_at) AS TEXT) FROM organizations) AS organizations_changed,
                   (SELECT COUNT(*) FROM banned_materials) AS materials,
                   (SELECT COUNT(*) FROM banned_materials WHERE revoked_at IS NOT NULL) AS materials_revoked,
                   (SELECT MAX(id) FROM material_fingerprints) AS fingerprints_last,
                   (SELECT CAST(MAX(updated_at) AS TEXT) FROM hash_banks) AS banks_changed,
                   (SELECT COUNT(*) FROM bank_entries) AS entries,
                   (SELECT CAST(MAX(updated_at) AS TEXT) FROM bank_entries) AS entries_changed
            """).first(decoding: Row.self)
        guard let row else { return "" }
        let parts: [String] = [
            String(row.orders), String(row.orders_last ?? 0), String(row.orders_lifted), String(row.decisions),
            String(row.decisions_last ?? 0), String(row.appeals), row.cases_changed ?? "-",
            String(row.evidence_last ?? 0), String(row.organizations), row.organizations_changed ?? "-",
            String(row.materials), String(row.materials_revoked), String(row.fingerprints_last ?? 0),
            row.banks_changed ?? "-", String(row.entries), row.entries_changed ?? "-",
        ]
        return parts.joined(separator: "/")
    }
}
