import Detection
import Fluent
import Foundation
import SQLKit

/// The analyst's lists beside their cases: the head of the triage queue and the sources whose last
/// fetch failed (also an admin's list).
enum AnalystWorklists {
    /// The first findings of the queue, in the queue's own order (`TriageQuery`).
    static func triageHead(seen: Visibility, language: Language, on db: any Database) async throws -> Worklist? {
        guard seen.seesAll(.triage) else { return nil }
        let head = Paging(page: 1, perPage: Worklist.head)
        let (entries, total) = try await TriageQuery.list(TriageFilters(), paging: head, on: db)
        let findings = try await TriageDetails.load(entries, language: language, blobs: nil, on: db)
        let rows = findings.map { f -> WorklistEntry in
            var facts: [WorklistEntry.Fact] = [.phrase("triage.level.\(f.level.rawValue)", [:])]
            switch f.kind {
            case .item:
                if let link = f.permalink { facts.append(.text(link)) }
                if let at = f.foundAt { facts.append(.since(at)) }
                let title = f.sourceTitle.flatMap { $0.isEmpty ? nil : $0 } ?? f.permalink ?? "#\(f.id)"
                return WorklistEntry(title: title, href: "/items/\(f.id)", facts: facts)
            case .tip:
                if let at = f.foundAt { facts.append(.since(at)) }
                let title = f.urls.first ?? "#\(f.id)"
                return WorklistEntry(title: title, href: "/triage", facts: [.phrase("home.fact.tip", [:])] + facts)
            }
        }
        return Worklist(name: "triage", entries: rows, total: total, more: "/triage")
    }

    /// Active sources whose latest capture failed (no response, or not a 2xx answer).
    static func failingSources(seen: Visibility, on db: any Database) async throws -> Worklist? {
        guard seen.seesAll(.source), let sql = db as? any SQLDatabase else { return nil }
        struct Row: Decodable {
            var id: Int
            var title: String
            var address: String
            var fetched_at: Date
            var http_status: Int?
            var error: String?
        }
        let failing: SQLQueryString = """
            FROM sources s JOIN captures c ON c.source_id = s.id \
            WHERE s.status = 'active' \
            AND c.id = (SELECT MAX(c2.id) FROM captures c2 WHERE c2.source_id = s.id) \
            AND (c.error IS NOT NULL OR c.http_status IS NULL OR c.http_status < 200 OR c.http_status > 299)
            """
        struct Count: Decodable { var n: Int }
        let total = try await sql.raw("SELECT COUNT(*) AS n " + failing).first(decoding: Count.self)?.n ?? 0
        guard total > 0 else { return Worklist(name: "sources-failing", entries: [], total: 0, more: "/sources") }
        let rows = try await sql.raw("SELECT s.id, s.title, s.address, c.fetched_at, c.http_status, c.error "
                                     + failing + " ORDER BY c.fetched_at ASC, s.id ASC LIMIT \(literal: Worklist.head)")
            .all(decoding: Row.self)
        let entries = rows.map { row in
            var facts: [WorklistEntry.Fact] = [.text(row.address)]
            // The fetcher's words are English and technical (kept on the capture row): here, that it failed.
            if let error = row.error, !error.isEmpty {
                facts.append(.phrase("home.fact.fetch_failed", [:]))
            } else {
                facts.append(.phrase("home.fact.http_status", ["status": row.http_status.map(String.init) ?? "—"]))
            }
            facts.append(.since(row.fetched_at))
            return WorklistEntry(title: row.title.isEmpty ? row.address : row.title, href: "/sources/\(row.id)",
                                 facts: facts)
        }
        return Worklist(name: "sources-failing", entries: entries, total: total, more: "/sources")
    }
}
