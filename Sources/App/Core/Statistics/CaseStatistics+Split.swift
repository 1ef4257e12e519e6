import Fluent
import Foundation
import KaiguulCore
import SQLKit

/// The case figures of a period split by region, or by consecutive sub-periods (the months of the
/// charts), in two grouped queries whatever the number of regions, months or cases: the same numbers as
/// calling `count` once per region or month, which made twelve queries each.
///
/// Each case is counted as a site or an account by its stored `counted_as` (kept on every save by
/// `CaseSearchText`); a case written without it (a bulk load) is classified from its target here, as
/// `count` does for every case.
extension CaseStatistics {
    private enum Split: Sendable {
        /// By the case's region; cases without a region count only in the total.
        case region
        /// By sub-period: `ends` are the exclusive ends of consecutive periods, the first starting at
        /// `from`, the last ending at `to`; part `i` is the period ending at `ends[i]`.
        case periods(ends: [Date])
    }

    /// The whole period's figures and each region's.
    static func byRegion(on db: any Database, from: Date, to: Date) async throws
        -> (total: Figures, regions: [Int: Figures])
    {
        let result = try await split(on: db, from: from, to: to, by: .region)
        return (result.total, result.parts)
    }

    /// Each sub-period's figures, by index into `ends`; a sub-period without any case is absent.
    static func byPeriod(on db: any Database, from: Date, ends: [Date]) async throws -> [Int: Figures] {
        guard let to = ends.last else { return [:] }
        return try await split(on: db, from: from, to: to, by: .periods(ends: ends)).parts
    }

    /// `total` sums every row, so it is the period's figure only when each case falls in one part
    /// (regions); a case with events in two months counts in each.
    private struct SplitFigures: Sendable {
        var total = Figures()
        var parts: [Int: Figures] = [:]
    }

    private static func split(on db: any Database, from: Date, to: Date, by split: Split) async throws -> SplitFigures {
        guard let sql = db as? any SQLDatabase else { return SplitFigures() }
        var result = SplitFigures()
        let identified = try await sql.raw("""
            SELECT \(part(split, date: "c.created_at")) AS part, c.counted_as AS counted_as, \
            CASE WHEN c.counted_as IN ('site', 'account') THEN NULL ELSE c.target END AS target, '' AS action, COUNT(*) AS n \
            FROM cases c WHERE c.created_at >= \(bind: from) AND c.created_at < \(bind: to) \
            GROUP BY 1, 2, 3
            """).all(decoding: Row.self)
        add(identified, to: &result) { _ in \.identified }
        // A case counts once per stage and part however many of its events match there, as in `count`.
        let stageMatch = stages.map { stage -> SQLQueryString in
            "(e.action = \(bind: stage.action) AND e.to_state = \(bind: stage.toState))"
        }.joined(separator: " OR ")
        let staged = try await sql.raw("""
            SELECT \(part(split, date: "e.at")) AS part, c.counted_as AS counted_as, \
            CASE WHEN c.counted_as IN ('site', 'account') THEN NULL ELSE c.target END AS target, e.action AS action, \
            COUNT(DISTINCT c.id) AS n \
            FROM case_events e JOIN cases c ON c.id = e.case_id \
            WHERE e.at >= \(bind: from) AND e.at < \(bind: to) AND (\(stageMatch)) \
            GROUP BY 1, 2, 3, 4
            """).all(decoding: Row.self)
        let stageByAction = Dictionary(stages.map { ($0.action, $0.0) }, uniquingKeysWith: { a, _ in a })
        add(staged, to: &result) { stageByAction[$0.action] }
        return result
    }

    private struct Row: Decodable {
        var part: Int?
        var counted_as: String?
        var target: String?
        var action: String
        var n: Int
    }

    /// The SQL expression naming the part a row falls in.
    private static func part(_ split: Split, date column: String) -> SQLQueryString {
        switch split {
        case .region:
            return "c.region_id"
        case .periods(let ends):
            guard !ends.isEmpty else { return "0" }
            var expression: SQLQueryString = "CASE"
            for (index, end) in ends.enumerated() {
                expression += " WHEN \(unsafeRaw: column) < \(bind: end) THEN \(literal: index)"
            }
            return expression + " END"
        }
    }

    private static func add(_ rows: [Row], to result: inout SplitFigures,
                            stage: (Row) -> WritableKeyPath<Figures, Count>?) {
        var kinds: [String: SiteOrAccount] = [:]
        for row in rows {
            guard let path = stage(row) else { continue }
            let kind: SiteOrAccount
            if let stored = row.counted_as.flatMap(SiteOrAccount.init(rawValue:)) {
                kind = stored
            } else {
                let target = row.target ?? ""
                kind = kinds[target] ?? SiteOrAccount.of(target: target)
                kinds[target] = kind
            }
            var count = Count()
            count.add(kind)
            result.total[keyPath: path].sites += count.sites * row.n
            result.total[keyPath: path].accounts += count.accounts * row.n
            if let part = row.part {
                result.parts[part, default: Figures()][keyPath: path].sites += count.sites * row.n
                result.parts[part, default: Figures()][keyPath: path].accounts += count.accounts * row.n
            }
        }
    }
}
