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

    /// One region's figures, or the whole country's; `byRegion` gives every region's at once.
    static func count(on db: any Database, from: Date, to: Date, regionID: Int? = nil) async throws -> Figures {
        let split = try await byRegion(on: db, from: from, to: to)
        guard let regionID else { return split.total }
        return split.regions[regionID] ?? Figures()
    }
}
