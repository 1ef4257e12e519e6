import Fluent
import Foundation
import Plot
import SQLKit

/// The dashboard's block of case figures (CaseStatistics over the last 365 days) and the number of
/// blocked targets the latest verification still reached.
enum CaseFiguresView {
    /// The last 365 days' figures, system-wide: the caller shows them only to a viewer who sees every case
    /// (and the count of still-reachable targets only to one who may view block orders).
    static func count(on db: any Database, now: Date = Date()) async throws -> CaseStatistics.Figures {
        try await CaseStatistics.count(on: db, from: now.addingTimeInterval(-365 * 86_400), to: now.addingTimeInterval(1))
    }

    static func node(_ figures: CaseStatistics.Figures?, stillReachable: Int, t: Translator) -> Node<HTML.BodyContext> {
        guard let f = figures else { return .empty }
        let rows: [(String, CaseStatistics.Count)] = [
            ("case.stats.identified", f.identified), ("case.stats.referred", f.referredToExpert),
            ("case.stats.confirmed", f.confirmed), ("case.stats.submitted", f.submittedToCourt),
            ("case.stats.ordered", f.ordered), ("case.stats.blocked", f.blocked), ("case.stats.lifted", f.lifted),
        ]
        return .section(
            .id("case-figures"),
            .h2(.txt(t("case.stats.title"))),
            .table(.class("list"),
                   .thead(.tr(.th(.txt(t("case.stats.stage"))), .th(.txt(t("case.stats.sites"))),
                              .th(.txt(t("case.stats.accounts"))))),
                   .tbody(.forEach(rows) { row in
                       .tr(.td(.txt(t(row.0))), .td(.attr("data-stat", row.0 + ".sites"), .text(String(row.1.sites))),
                           .td(.attr("data-stat", row.0 + ".accounts"), .text(String(row.1.accounts))))
                   })),
            .if(stillReachable > 0,
                .p(.class("warning"), .id("still-reachable"),
                   .txt(t("case.stats.still_reachable", ["n": String(stillReachable)]))))
        )
    }
}

/// Block orders whose latest check found the target still reachable.
enum ReachabilityQuery {
    static func stillReachableOrderIDs(on db: any Database) async throws -> Set<Int> {
        guard let sql = db as? any SQLDatabase else { return [] }
        let rows = try await sql.raw("""
            SELECT r.block_order_id AS id FROM reachability_checks r JOIN block_orders b ON b.id = r.block_order_id \
            WHERE b.status = 'active' AND r.reachable = \(bind: true) AND r.id = \
            (SELECT MAX(r2.id) FROM reachability_checks r2 WHERE r2.block_order_id = r.block_order_id)
            """).all()
        return Set(rows.compactMap { try? $0.decode(column: "id", as: Int.self) })
    }
}
