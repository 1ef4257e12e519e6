import Fluent
import Foundation
import SQLKit

/// The title of the page a case's evidence captured: a vantage that shows it sees the site, even when
/// the control's view has changed since. The site's fingerprint keeps it; else the newest captured item.
enum EvidenceTitle {
    static func of(caseID: Int, on db: any Database) async throws -> String? {
        guard let sql = db as? any SQLDatabase else { return nil }
        struct Row: Decodable { var title: String? }
        if let title = try await sql.raw("""
            SELECT title FROM site_fingerprints WHERE case_id = \(bind: caseID) AND title IS NOT NULL
            ORDER BY id DESC LIMIT 1
            """).first(decoding: Row.self)?.title, !title.isEmpty {
            return title
        }
        let item = try await sql.raw("""
            SELECT items.title AS title FROM case_evidence JOIN items ON items.id = case_evidence.item_id
            WHERE case_evidence.case_id = \(bind: caseID) AND items.title IS NOT NULL
            ORDER BY case_evidence.id DESC LIMIT 1
            """).first(decoding: Row.self)?.title
        return item.flatMap { $0.isEmpty ? nil : $0 }
    }
}
