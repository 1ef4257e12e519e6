import Fluent
import Foundation
import SQLKit

@testable import App

/// Grows the demo's records in place, in plain SQL that runs on SQLite and PostgreSQL, so a page can
/// be counted twice on records of different size: every case again (with its events, evidence and
/// block orders), every source, item (with its signals), capture, tip and audit row again, and the
/// anchor case and item given more evidence, events and signals of their own.
enum ScaleGrowth {
    struct Anchors { var caseID: Int; var itemID: Int }

    /// The demo case with the most evidence and the item with the most signals: their pages show the most rows.
    static func anchors(on db: any Database) async throws -> Anchors {
        let sql = try requireSQL(db)
        struct ID: Decodable { var id: Int }
        let caseID = try await sql.raw("""
            SELECT c.id AS id FROM cases c LEFT JOIN case_evidence e ON e.case_id = c.id \
            GROUP BY c.id ORDER BY COUNT(e.id) DESC, c.id LIMIT 1
            """).first(decoding: ID.self)?.id
        let itemID = try await sql.raw("""
            SELECT i.id AS id FROM items i LEFT JOIN signals s ON s.item_id = i.id \
            GROUP BY i.id ORDER BY COUNT(s.id) DESC, i.id LIMIT 1
            """).first(decoding: ID.self)?.id
        guard let caseID, let itemID else { throw TestFailure("the demo has no case or item") }
        return Anchors(caseID: caseID, itemID: itemID)
    }

    static func grow(on db: any Database, anchors: Anchors) async throws {
        let sql = try requireSQL(db)
        let c = anchors.caseID, i = anchors.itemID
        // A copy's target stays a valid block-list entry: a domain gets a label in front, a URL a suffix.
        let grownTarget = "CASE WHEN target LIKE '%/%' THEN target || '-g' ELSE 'g-' || target END"
        let statements: [SQLQueryString] = [
            // The anchor case: more history and more evidence, items and captures alike.
            """
            INSERT INTO case_events (case_id, actor_id, at, action, from_state, to_state, grounds, document_id) \
            SELECT case_id, actor_id, at, action, from_state, to_state, grounds, document_id FROM case_events \
            WHERE case_id = \(bind: c)
            """,
            """
            INSERT INTO case_evidence (case_id, kind, url, note, item_id, added_at, sha256) \
            SELECT \(bind: c), 'item', it.permalink, 'grown', it.id, (SELECT MAX(added_at) FROM case_evidence), \
            it.content_sha256 FROM items it WHERE it.id NOT IN \
            (SELECT item_id FROM case_evidence WHERE case_id = \(bind: c) AND kind = 'item' AND item_id IS NOT NULL) \
            ORDER BY it.id LIMIT 8
            """,
            """
            INSERT INTO case_evidence (case_id, kind, url, note, capture_id, added_at, sha256) \
            SELECT \(bind: c), 'capture', cp.url, 'grown', cp.id, cp.fetched_at, cp.payload_sha256 FROM captures cp \
            WHERE (cp.role IS NULL OR cp.role <> 'media') AND cp.payload_sha256 IS NOT NULL AND cp.id NOT IN \
            (SELECT capture_id FROM case_evidence WHERE case_id = \(bind: c) AND kind = 'capture' AND capture_id IS NOT NULL) \
            ORDER BY cp.id LIMIT 8
            """,
            // The anchor item: every signal twice.
            """
            INSERT INTO signals (item_id, kind, score, organization_id, material_id, details, created_at) \
            SELECT item_id, kind, score, organization_id, material_id, details, created_at FROM signals \
            WHERE item_id = \(bind: i)
            """,
            // Everything else once more.
            """
            INSERT INTO sources (kind, address, identity, title, region_id, organization_id, check_interval_minutes, \
            status, found_by, discovered_from_id, notes, search_text, last_checked_at, next_check_at, created_by, \
            created_at, updated_at, capture_mode) \
            SELECT kind, address || '-g', identity || '-g', title, region_id, organization_id, check_interval_minutes, \
            status, found_by, discovered_from_id, notes, search_text, last_checked_at, next_check_at, created_by, \
            created_at, updated_at, capture_mode FROM sources
            """,
            """
            INSERT INTO captures (source_id, url, fetched_at, http_status, collector, ip, warc_file, warc_offset, \
            warc_length, payload_sha256, truncated, error, role, content_type, record_id, parent_capture_id, \
            request_offset, request_length, metadata_offset, metadata_length, record_digests, capture_mode) \
            SELECT source_id, url, fetched_at, http_status, collector, ip, warc_file, warc_offset, \
            warc_length, payload_sha256, truncated, error, role, content_type, record_id, parent_capture_id, \
            request_offset, request_length, metadata_offset, metadata_length, record_digests, capture_mode FROM captures
            """,
            """
            INSERT INTO items (source_id, capture_id, item_key, platform_id, permalink, author_handle, published_at, \
            text, language, media, version, gone_at, created_at, title, content_sha256, details, triage_score, \
            triage_level) \
            SELECT source_id, capture_id, item_key || '-g', platform_id, permalink, author_handle, published_at, \
            text, language, media, version, gone_at, created_at, title, content_sha256, details, triage_score, \
            triage_level FROM items
            """,
            """
            INSERT INTO signals (item_id, kind, score, organization_id, material_id, details, created_at) \
            SELECT n.id, s.kind, s.score, s.organization_id, s.material_id, s.details, s.created_at FROM signals s \
            JOIN items o ON o.id = s.item_id \
            JOIN items n ON n.source_id = o.source_id AND n.item_key = o.item_key || '-g' AND n.version = o.version
            """,
            """
            INSERT INTO tips (urls, platform, comment, contact, submitted_by, status, source_id, case_id, created_at, \
            reference) \
            SELECT urls, platform, comment, contact, submitted_by, status, source_id, case_id, created_at, \
            reference || '-g' FROM tips
            """,
            // A copy of a case is told from its original by the original's id after its title.
            """
            INSERT INTO cases (title, target, target_kind, platform, region_id, organization_id, state, assignee_id, \
            expert_id, parent_case_id, version, created_by, created_at, updated_at, search_text, counted_as) \
            SELECT title || ' ~' || CAST(id AS TEXT), \(unsafeRaw: grownTarget), target_kind, platform, region_id, \
            organization_id, state, assignee_id, expert_id, parent_case_id, version, created_by, created_at, \
            updated_at, search_text, counted_as FROM cases
            """,
            """
            INSERT INTO case_events (case_id, actor_id, at, action, from_state, to_state, grounds, document_id) \
            SELECT n.id, e.actor_id, e.at, e.action, e.from_state, e.to_state, e.grounds, e.document_id \
            FROM case_events e JOIN cases o ON o.id = e.case_id JOIN cases n ON n.title = o.title || ' ~' || CAST(o.id AS TEXT)
            """,
            """
            INSERT INTO case_evidence (case_id, kind, url, note, document_id, capture_id, item_id, added_by, added_at, \
            tip_id, sha256) \
            SELECT n.id, e.kind, e.url, e.note, e.document_id, e.capture_id, e.item_id, e.added_by, e.added_at, \
            e.tip_id, e.sha256 \
            FROM case_evidence e JOIN cases o ON o.id = e.case_id JOIN cases n ON n.title = o.title || ' ~' || CAST(o.id AS TEXT)
            """,
            """
            INSERT INTO block_orders (case_id, court_decision_id, target, target_kind, status, issued_at, lifted_at, \
            lifted_by_decision_id, created_by) \
            SELECT n.id, b.court_decision_id, \(unsafeRaw: grownTarget.replacingOccurrences(of: "target", with: "b.target")), \
            b.target_kind, b.status, b.issued_at, b.lifted_at, b.lifted_by_decision_id, b.created_by \
            FROM block_orders b JOIN cases o ON o.id = b.case_id JOIN cases n ON n.title = o.title || ' ~' || CAST(o.id AS TEXT)
            """,
            """
            INSERT INTO reachability_checks (block_order_id, checked_at, resolver, dns_result, http_status, reachable, details) \
            SELECT n.id, r.checked_at, r.resolver, r.dns_result, r.http_status, r.reachable, r.details \
            FROM reachability_checks r JOIN block_orders o ON o.id = r.block_order_id \
            JOIN block_orders n ON n.target = \(unsafeRaw: grownTarget.replacingOccurrences(of: "target", with: "o.target"))
            """,
            // The audit log's chain is not what these pages check, its rows are; the copies take sequence
            // numbers below the chain's so the pages' own entries still append after its head.
            """
            INSERT INTO audit_log (seq, at, actor_id, actor_label, action, object_type, object_id, details, prev_hash, hash) \
            SELECT seq - (SELECT MAX(seq) FROM audit_log) - 1, at, actor_id, actor_label, action, object_type, object_id, \
            details, prev_hash, hash FROM audit_log
            """,
        ]
        for statement in statements { try await sql.raw(statement).run() }
    }

    private static func requireSQL(_ db: any Database) throws -> any SQLDatabase {
        guard let sql = db as? any SQLDatabase else { throw TestFailure("not an SQL database") }
        return sql
    }
}
