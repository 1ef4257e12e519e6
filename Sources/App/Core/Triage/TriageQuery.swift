import Detection
import Fluent
import Foundation
import SQLKit

/// The triage queue's hot query: items with findings and tips, highest priority first, newest
/// first within a priority, filtered and paged in SQL that runs on SQLite and PostgreSQL.
///
/// Items and tips are read by two queries, each ordered and limited in SQL, and merged here: one
/// `UNION ALL … ORDER BY` made SQLite sort all 10,000 findings for every page (18 ms), while the
/// items query alone walks `idx_items_triage` backwards and stops after the page (0.2 ms).
enum TriageQuery {
    /// A tip is a person's report that nothing analysed yet: it waits beside medium findings, above
    /// the weak ones a person might otherwise never reach, below strong evidence.
    static let tipLevel: TriagePriority.Level = .medium

    /// One finding of the queue, before its details are loaded.
    struct Entry: Decodable, Sendable, Hashable {
        enum Kind: String, Decodable, Sendable { case item, tip }
        var kind: Kind
        var id: Int
        /// `TriageVerdict.rank` of its level.
        var level: Int
        /// 0…100, for items.
        var score: Int?
        var found_at: Date?

        /// THE ORDER of the queue: higher level first, then newer, then items before tips, then the
        /// later id. Each query sorts its rows by the same keys, so merging keeps them.
        static func precedes(_ a: Entry, _ b: Entry) -> Bool {
            if a.level != b.level { return a.level > b.level }
            let at = a.found_at ?? .distantPast, bt = b.found_at ?? .distantPast
            if at != bt { return at > bt }
            if a.kind != b.kind { return a.kind == .item }
            return a.id > b.id
        }
    }

    /// How far the page counts a long queue: counting a national queue of a million findings exactly took
    /// most of a second on every view; past this the page says "more than" and pages no deeper.
    static let pageCountLimit = 10_000

    /// `countLimit`: count each kind of finding only up to one past this (the page's `pageCountLimit`);
    /// nil counts exactly (the API's total).
    static func list(_ filters: TriageFilters, paging: Paging, countLimit: Int? = nil, on db: any Database)
        async throws -> (entries: [Entry], total: Int)
    {
        guard let sql = db as? any SQLDatabase else { return ([], 0) }
        struct Count: Decodable { var n: Int }
        var counted: [(branch: Branch, count: Int)] = []
        for branch in [items(filters), tips(filters)].compactMap({ $0 }) {
            let query: SQLQueryString = countLimit.map {
                "SELECT COUNT(*) AS n FROM (SELECT 1 AS one " + branch.from + " LIMIT \(literal: $0 + 1)) capped"
            } ?? "SELECT COUNT(*) AS n " + branch.from
            let count = try await sql.raw(query).first(decoding: Count.self)?.n ?? 0
            if count > 0 { counted.append((branch, count)) }
        }
        let total = counted.reduce(0) { $0 + $1.count }
        // Past the end: nothing to read, however deep the page asked for.
        guard total > paging.offset else { return ([], total) }
        // One kind of finding alone is paged by the database; two are merged here in queue order.
        if counted.count == 1, let only = counted.first?.branch {
            let rows = try await sql.raw("SELECT " + only.columns + " " + only.from + " ORDER BY " + only.order
                                         + " LIMIT \(literal: paging.perPage) OFFSET \(literal: paging.offset)")
                .all(decoding: Entry.self)
            return (rows, total)
        }
        let wanted = paging.offset + paging.perPage
        var entries: [Entry] = []
        for (branch, _) in counted {
            entries += try await sql.raw("SELECT " + branch.columns + " " + branch.from + " ORDER BY " + branch.order
                                         + " LIMIT \(literal: wanted)").all(decoding: Entry.self)
        }
        let page = entries.sorted(by: Entry.precedes).dropFirst(paging.offset).prefix(paging.perPage)
        return (Array(page), total)
    }

    /// One kind of finding: what to select, from where (with the filters), and its order.
    struct Branch {
        var columns: SQLQueryString
        var from: SQLQueryString
        var order: SQLQueryString
    }

    static func items(_ f: TriageFilters) -> Branch {
        // Sources are joined only for the filters that need them: the join made SQLite count by
        // walking every source's items instead of the triage index (16 ms against 3.5 ms).
        let needsSource = f.regionID != nil || f.sourceKind != nil
        var from: SQLQueryString = needsSource
            ? "FROM items i JOIN sources s ON s.id = i.source_id WHERE i.triage_level IS NOT NULL"
            : "FROM items i WHERE i.triage_level IS NOT NULL"
        if let level = f.priority { from += " AND i.triage_level = \(bind: TriageVerdict.rank(level))" }
        if let language = f.language { from += " AND i.language = \(bind: language)" }
        if let organization = f.organizationID {
            // An organisation's finding: its indicator matched, or a banned material of it nearly recurs.
            from += """
                 AND (EXISTS (SELECT 1 FROM signals g WHERE g.organization_id = \(bind: organization) \
                AND g.item_id = i.id) OR EXISTS (SELECT 1 FROM signals g JOIN banned_materials m \
                ON m.id = g.material_id WHERE g.item_id = i.id AND m.organization_id = \(bind: organization)))
                """
        }
        if let region = f.regionID { from += " AND s.region_id = \(bind: region)" }
        if let kind = f.sourceKind { from += " AND s.kind = \(bind: kind.rawValue)" }
        // EXISTS, not IN: SQLite then walks the few rows the other filters leave (4x faster at 10,000 items).
        if let kind = f.signalKind {
            from += " AND EXISTS (SELECT 1 FROM signals g WHERE g.kind = \(bind: kind) AND g.item_id = i.id)"
        }
        return Branch(
            columns: """
                'item' AS kind, i.id AS id, i.triage_level AS level, i.triage_score AS score, i.created_at AS found_at
                """,
            from: from + state(f.state, column: "item_id", of: "i.id"),
            order: "i.triage_level DESC, i.created_at DESC, i.id DESC")
    }

    static func tips(_ f: TriageFilters) -> Branch? {
        if f.excludesTips { return nil }
        if let level = f.priority, level != tipLevel { return nil }
        var from: SQLQueryString = "FROM tips t LEFT JOIN sources s ON s.id = t.source_id WHERE 1 = 1"
        if let region = f.regionID { from += " AND s.region_id = \(bind: region)" }
        if let kind = f.sourceKind { from += " AND COALESCE(s.kind, t.platform) = \(bind: kind.rawValue)" }
        return Branch(
            columns: """
                'tip' AS kind, t.id AS id, \(literal: TriageVerdict.rank(tipLevel)) AS level, \
                CAST(NULL AS INTEGER) AS score, t.created_at AS found_at
                """,
            from: from + state(f.state, column: "tip_id", of: "t.id"),
            order: "t.created_at DESC, t.id DESC")
    }

    /// "In case" is a `case_evidence` row naming the finding; "dismissed" a `triage_dismissals` row.
    private static func state(_ state: TriageFilters.State, column: String, of id: String) -> SQLQueryString {
        let dismissed: SQLQueryString =
            "EXISTS (SELECT 1 FROM triage_dismissals d WHERE d.\(unsafeRaw: column) = \(unsafeRaw: id))"
        let inCase: SQLQueryString =
            "EXISTS (SELECT 1 FROM case_evidence e WHERE e.\(unsafeRaw: column) = \(unsafeRaw: id))"
        switch state {
        case .new: return " AND NOT " + dismissed + " AND NOT " + inCase
        case .dismissed: return " AND " + dismissed
        case .inCase: return " AND " + inCase
        case .all: return ""
        }
    }
}
