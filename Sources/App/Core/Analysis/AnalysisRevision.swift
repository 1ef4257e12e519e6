import Fluent
import Foundation
import SQLKit

/// A cheap summary of everything the analysis context is built from (organisations, indicators,
/// banned materials and their fingerprints): counts, highest ids and latest changes. When it differs
/// from the one the context was built with, the context is rebuilt. The worker and the web server
/// are separate processes, so a change made in one is seen by the other through the database,
/// not through a message.
enum AnalysisRevision {
    static func current(on db: any Database) async throws -> String {
        guard let sql = db as? any SQLDatabase else { return "" }
        struct Row: Decodable {
            var organizations: Int
            var organizations_changed: String?
            var indicators: Int
            var indicators_last: Int?
            var indicators_changed: String?
            var materials: Int
            var materials_last: Int?
            var fingerprints: Int
            var fingerprints_last: Int?
        }
        let row = try await sql.raw("""
            SELECT (SELECT COUNT(*) FROM organizations) AS organizations,
                   (SELECT CAST(MAX(updated_at) AS TEXT) FROM organizations) AS organizations_changed,
                   (SELECT COUNT(*) FROM indicators) AS indicators,
                   (SELECT MAX(id) FROM indicators) AS indicators_last,
                   (SELECT CAST(MAX(updated_at) AS TEXT) FROM indicators) AS indicators_changed,
                   (SELECT COUNT(*) FROM banned_materials) AS materials,
                   (SELECT MAX(id) FROM banned_materials) AS materials_last,
                   (SELECT COUNT(*) FROM material_fingerprints) AS fingerprints,
                   (SELECT MAX(id) FROM material_fingerprints) AS fingerprints_last
            """).first(decoding: Row.self)
        guard let row else { return "" }
        return [String(row.organizations), row.organizations_changed ?? "-", String(row.indicators),
                String(row.indicators_last ?? 0), row.indicators_changed ?? "-", String(row.materials),
                String(row.materials_last ?? 0), String(row.fingerprints), String(row.fingerprints_last ?? 0)]
            .joined(separator: "/")
    }
}
