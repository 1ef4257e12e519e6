import Fluent
import KaiguulCore
import SQLKit
import Vapor

enum Dashboard {
    struct Counts: Decodable, Sendable {
        var sites: Int
        var accounts: Int
        var active_sources: Int
        var organizations: Int
        var open_cases: Int
        var blocked_cases: Int
        var active_block_orders: Int
        var new_tips: Int
        var volunteers: Int
        var groups: Int
    }

    struct Model {
        var counts: Counts
        var regions: [(name: String, sources: Int)]
        /// The case figures of the last 365 days (CaseStatistics), and blocked targets still reachable.
        var caseFigures: CaseStatistics.Figures? = nil
        var stillReachable: Int = 0
        /// The pictures: the last twelve months' report, drawn as SVG charts.
        var charts: String = ""
    }

    /// One round trip for every figure on the page; plain SQL that both databases run.
    static func counts(on db: any Database) async throws -> Counts {
        guard let sql = db as? any SQLDatabase else { throw AppError(status: .internalServerError, message: "error.internal") }
        // Accounts are sources of the kinds PlatformTable knows as platforms; everything else is a site.
        let accounts: [any Encodable & Sendable] = SourceKind.platformAccounts.map(\.rawValue)
        let row = try await sql.raw("""
            SELECT
              (SELECT COUNT(*) FROM sources WHERE kind NOT IN (\(binds: accounts))) AS sites,
              (SELECT COUNT(*) FROM sources WHERE kind IN (\(binds: accounts))) AS accounts,
              (SELECT COUNT(*) FROM sources WHERE status = 'active') AS active_sources,
              (SELECT COUNT(*) FROM organizations WHERE status = 'banned') AS organizations,
              (SELECT COUNT(*) FROM cases WHERE state NOT IN ('dismissed','blocked','lifted','court_rejected','expert_rejected')) AS open_cases,
              (SELECT COUNT(*) FROM cases WHERE state = 'blocked') AS blocked_cases,
              (SELECT COUNT(*) FROM block_orders WHERE status = 'active') AS active_block_orders,
              (SELECT COUNT(*) FROM tips WHERE status = 'received') AS new_tips,
              (SELECT COUNT(*) FROM volunteers) AS volunteers,
              (SELECT COUNT(*) FROM volunteer_groups) AS groups
            """).first(decoding: Counts.self)
        guard let row else { throw AppError(status: .internalServerError, message: "error.internal") }
        return row
    }
}
