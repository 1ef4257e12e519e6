import Fluent
import KaiguulCore
import SQLKit
import Vapor

enum Dashboard {
    /// One figure: its translation key, its number, and the page it opens (nil when the viewer may not go there).
    struct Tile: Sendable {
        var key: String
        var count: Int
        var href: String?
    }

    struct Model {
        /// Only the figures the viewer may see (`Visibility`), counted within the viewer's scope.
        var tiles: [Tile]
        /// Sources per region; nil for a viewer who may not view sources.
        var regions: [(name: String, sources: Int)]?
        /// The case figures of the last 365 days (CaseStatistics), and blocked targets still reachable;
        /// system-wide, so only for a viewer who sees every case.
        var caseFigures: CaseStatistics.Figures? = nil
        var stillReachable: Int = 0
        /// The pictures: the last twelve months' report, drawn as SVG charts.
        var charts: String = ""
        /// When the system-wide figures above were counted (`FiguresCache`); nil when counted for this view.
        var countedAt: Date? = nil
        var recountSeconds: Int = 0
    }

    /// The figures `seen` allows: a tile is counted only when the viewer may view what it counts, and a
    /// case tile counts only the viewer's cases (an expert's are those referred to them).
    static func tiles(seen: Visibility, on db: any Database) async throws -> [Tile] {
        var tiles: [Tile] = []
        if seen.seesAll(.source) {
            let watched = try await watchedSitesAndAccounts(on: db)
            tiles += [
                Tile(key: "dash.sites", count: watched.sites, href: "/sources?kind=website"),
                Tile(key: "dash.accounts", count: watched.accounts, href: "/sources?kind=telegram"),
                Tile(key: "dash.active_sources",
                     count: try await Source.query(on: db).filter(\.$status == SourceStatus.active.rawValue).count(),
                     href: "/sources?status=active"),
            ]
        }
        if seen.seesAll(.organization) {
            let banned = try await Organization.query(on: db).filter(\.$status == OrganizationStatus.banned.rawValue)
                .count()
            tiles.append(Tile(key: "dash.organizations", count: banned, href: "/organizations?status=banned"))
        }
        if let cases = seen.cases(on: db) {
            let open = try await cases.copy().filter(\.$state !~ closedStates).count()
            let blocked = try await cases.copy().filter(\.$state == CaseState.blocked.rawValue).count()
            tiles += [Tile(key: "dash.open_cases", count: open, href: "/cases"),
                      Tile(key: "dash.blocked_cases", count: blocked, href: "/cases?state=blocked")]
        }
        if seen.seesAll(.blockOrder) {
            let active = try await BlockOrder.query(on: db).filter(\.$status == "active").count()
            tiles.append(Tile(key: "dash.active_block_orders", count: active, href: nil))
        }
        if seen.seesAll(.tip) {
            let received = try await Tip.query(on: db).filter(\.$status == "received").count()
            tiles.append(Tile(key: "dash.new_tips", count: received, href: "/tips"))
        }
        if seen.seesAll(.volunteer) {
            let volunteers = try await Volunteer.query(on: db).count()
            tiles.append(Tile(key: "dash.volunteers", count: volunteers, href: "/volunteers"))
        }
        if seen.seesAll(.volunteerGroup) {
            let groups = try await VolunteerGroup.query(on: db).count()
            tiles.append(Tile(key: "dash.groups", count: groups, href: "/groups"))
        }
        return tiles
    }

    /// Watched sources as sites and accounts by the figures' one rule (`SiteOrAccount`): a source of
    /// kind "other" on a platform is an account, as a case about it would be.
    static func watchedSitesAndAccounts(on db: any Database) async throws -> CaseStatistics.Count {
        guard let sql = db as? any SQLDatabase else { return .init() }
        struct Row: Decodable { var kind: String; var identity: String }
        var count = CaseStatistics.Count()
        for row in try await sql.raw("SELECT kind, identity FROM sources").all(decoding: Row.self) {
            count.add(SiteOrAccount.of(sourceKind: SourceKind(rawValue: row.kind) ?? .other, address: row.identity))
        }
        return count
    }

    /// States a case leaves the open count in.
    static let closedStates = ["dismissed", "blocked", "lifted", "court_rejected", "expert_rejected"]

    /// Sources per region, for a viewer who may view sources.
    static func regions(seen: Visibility, language: Language, on db: any Database) async throws
        -> [(name: String, sources: Int)]?
    {
        guard seen.seesAll(.source) else { return nil }
        return try await RegionIndex.query(seen: seen, on: db).rows.map {
            (name: $0.region.name(language), sources: $0.sources ?? 0)
        }
    }
}
