import Fluent
import Foundation
import SQLKit

/// The custody rows of a case's evidence, newest first, for the case page.
///
/// Rows are found by the evidence they name, not by a case written into them: a capture is
/// evidence whoever opened it and through whichever case, and a piece attached to a case later
/// brings its earlier custody with it. A case's evidence, as `EvidenceScope.casesHolding` says from
/// the other side: its captures and media captures, the captures its items were read from, the
/// media captures whose page is one of those, its items, its documents, and what was made of the
/// case itself (packages, court packets). One query: the case's evidence (tens of rows) is joined
/// to the audit log through `idx_audit_log_object`, so neither database walks the whole log (an
/// `OR` of `IN` lists made PostgreSQL scan it backwards by `seq`: 265 ms at 600,000 rows).
enum CustodyTrail {
    /// Rows the case page shows; `total` says how many there are in all.
    static let limit = 100

    struct Row: Decodable, Sendable {
        var seq: Int
        var at: Date
        var actor_label: String
        var person: String?
        var action: String
        var object_type: String
        var object_id: String?
        var details: String
        var hash: String
        var total: Int

        var kind: Custody.Kind? { Custody.Action.named(action)?.kind }

        /// The stored details; a row whose details do not decode shows without digests.
        var detailValues: [String: String] {
            (try? JSONDecoder().decode([String: String].self, from: Data(details.utf8))) ?? [:]
        }
    }

    /// At most `limit` rows (capped at 10,000: a package's manifest carries them all).
    static func query(caseID: Int, limit: Int = limit, on db: any Database) async throws
        -> (rows: [Row], total: Int)
    {
        guard let sql = db as? any SQLDatabase else { return ([], 0) }
        let rows = try await sql.raw(
            """
            WITH held AS (
                SELECT capture_id AS id FROM case_evidence WHERE case_id = \(bind: caseID) AND capture_id IS NOT NULL
                UNION
                SELECT i.capture_id FROM case_evidence e JOIN items i ON i.id = e.item_id
                WHERE e.case_id = \(bind: caseID) AND i.capture_id IS NOT NULL
            ), evidence_captures AS (
                SELECT id FROM held
                UNION
                SELECT c.id FROM captures c WHERE c.parent_capture_id IN (SELECT id FROM held)
            ), evidence (object_type, object_id) AS (
                SELECT 'case', \(bind: String(caseID))
                UNION ALL
                SELECT 'capture', CAST(id AS TEXT) FROM evidence_captures
                UNION ALL
                SELECT 'item', CAST(item_id AS TEXT) FROM case_evidence
                WHERE case_id = \(bind: caseID) AND item_id IS NOT NULL
                UNION ALL
                SELECT 'document', CAST(id AS TEXT) FROM documents WHERE case_id = \(bind: caseID)
            )
            SELECT a.seq, a.at, a.actor_label, u.display_name AS person, a.action, a.object_type, a.object_id,
                   a.details, a.hash, COUNT(*) OVER () AS total
            FROM evidence o
            JOIN audit_log a ON a.object_type = o.object_type AND a.object_id = o.object_id
            LEFT JOIN users u ON u.id = a.actor_id
            WHERE a.action IN (\(binds: Custody.Action.all.map(\.name)))
            ORDER BY a.seq DESC
            LIMIT \(literal: max(1, min(limit, 10_000)))
            """
        ).all(decoding: Row.self)
        return (rows, rows.first?.total ?? 0)
    }
}
