import Fluent
import Foundation
import KaiguulCore
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
    /// Sites and accounts counted apart, by what the target is (`SiteOrAccount`, the platform table's
    /// rule), not by the kind of block entry: a page on a site of its own is a site.
    struct Count: Sendable, Equatable, Codable {
        var sites = 0
        var accounts = 0
        var total: Int { sites + accounts }

        mutating func add(_ kind: SiteOrAccount) {
            switch kind {
            case .site: sites += 1
            case .account: accounts += 1
            }
        }
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
        // The targets, not counts: whether each is a site or an account is the platform table's call,
        // which SQL cannot make. One row per case, so this grows with the period's cases, not the events.
        let identified = try await sql.raw("""
            SELECT c.target AS target FROM cases c \
            WHERE c.created_at >= \(bind: from) AND c.created_at < \(bind: to) \(region)
            """).all(decoding: Target.self)
        figures.identified = tally(identified)
        for stage in stages {
            let rows = try await sql.raw("""
                SELECT c.target AS target FROM cases c \
                WHERE c.id IN (SELECT e.case_id FROM case_events e WHERE e.action = \(bind: stage.action) \
                AND e.to_state = \(bind: stage.toState) AND e.at >= \(bind: from) AND e.at < \(bind: to)) \
                \(region)
                """).all(decoding: Target.self)
            figures[keyPath: stage.0] = tally(rows)
        }
        return figures
    }

    private struct Target: Decodable { var target: String }

    private static func tally(_ rows: [Target]) -> Count {
        var count = Count()
        var kinds: [String: SiteOrAccount] = [:]
        for row in rows {
            let kind = kinds[row.target] ?? SiteOrAccount.of(target: row.target)
            kinds[row.target] = kind
            count.add(kind)
        }
        return count
    }
}
