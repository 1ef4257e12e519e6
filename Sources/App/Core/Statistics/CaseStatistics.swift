import Fluent
import Foundation
import SQLKit

/// The programme's case figures for a period: how many sites and accounts were identified, referred to
/// experts, confirmed, submitted to court, ordered blocked, blocked and lifted. Each figure counts
/// distinct cases whose step happened in `[from, to)` (by the `case_events` timestamp, or the case's
/// creation for "identified"), optionally in one region. Plain SQL that runs on SQLite and PostgreSQL.
///
///     let figures = try await CaseStatistics.count(on: db, from: start, to: end, regionID: nil)
///     figures.identified.sites   // "63 sites"
///     figures.blocked.sites      // "38 sites blocked by court decision"
enum CaseStatistics {
    /// Sites (domain targets) and accounts (accounts and URLs on platforms) counted apart.
    struct Count: Sendable, Equatable, Codable {
        var sites = 0
        var accounts = 0
        var total: Int { sites + accounts }
    }

    struct Figures: Sendable, Equatable, Codable {
        var identified = Count()
        var referredToExpert = Count()
        var confirmed = Count()
        var submittedToCourt = Count()
        var ordered = Count()
        var blocked = Count()
        var lifted = Count()
    }

    /// The case events that mark each stage: the action and the state it led to.
    static let stages: [(WritableKeyPath<Figures, Count>, action: String, toState: String)] = [
        (\.referredToExpert, "refer_to_expert", "referred_to_expert"),
        (\.confirmed, "record_expert_conclusion", "expert_confirmed"),
        (\.submittedToCourt, "submit_to_court", "submitted_to_court"),
        (\.ordered, "record_court_decision", "court_ordered"),
        (\.blocked, "mark_blocked", "blocked"),
        (\.lifted, "lift_block", "lifted"),
    ]

    static func count(on db: any Database, from: Date, to: Date, regionID: Int? = nil) async throws -> Figures {
        guard let sql = db as? any SQLDatabase else { return Figures() }
        var figures = Figures()
        let region: SQLQueryString = regionID.map { (id: Int) -> SQLQueryString in "AND c.region_id = \(bind: id)" } ?? ""
        let identified = try await sql.raw("""
            SELECT c.target_kind AS kind, COUNT(*) AS n FROM cases c \
            WHERE c.created_at >= \(bind: from) AND c.created_at < \(bind: to) \(region) GROUP BY c.target_kind
            """).all()
        figures.identified = tally(identified)
        for stage in stages {
            let rows = try await sql.raw("""
                SELECT c.target_kind AS kind, COUNT(*) AS n FROM cases c \
                WHERE c.id IN (SELECT e.case_id FROM case_events e WHERE e.action = \(bind: stage.action) \
                AND e.to_state = \(bind: stage.toState) AND e.at >= \(bind: from) AND e.at < \(bind: to)) \
                \(region) GROUP BY c.target_kind
                """).all()
            figures[keyPath: stage.0] = tally(rows)
        }
        return figures
    }

    private static func tally(_ rows: [any SQLRow]) -> Count {
        var count = Count()
        for row in rows {
            let kind = (try? row.decode(column: "kind", as: String.self)) ?? ""
            let n = (try? row.decode(column: "n", as: Int.self)) ?? 0
            if kind == "domain" { count.sites += n } else { count.accounts += n }
        }
        return count
    }
}
