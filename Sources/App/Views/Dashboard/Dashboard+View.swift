import KaiguulCore
import Plot
import Vapor

extension Dashboard {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let c = m.counts
        // A tile links only where the viewer may go; otherwise it is just a number.
        func link(_ path: String, _ resource: Resource) -> String? { request.can(.view, resource) ? path : nil }
        let tiles: [(String, Int, String?)] = [
            ("dash.sites", c.sites, link("/sources?kind=website", .source)),
            ("dash.accounts", c.accounts, link("/sources?kind=telegram", .source)),
            ("dash.active_sources", c.active_sources, link("/sources?status=active", .source)),
            ("dash.organizations", c.organizations, link("/organizations?status=banned", .organization)),
            ("dash.open_cases", c.open_cases, nil), ("dash.blocked_cases", c.blocked_cases, nil),
            ("dash.active_block_orders", c.active_block_orders, nil), ("dash.new_tips", c.new_tips, nil),
            ("dash.volunteers", c.volunteers, nil), ("dash.groups", c.groups, nil),
        ]
        let maxSources = max(1, m.regions.map(\.sources).max() ?? 1)
        return .div(
            .h1(.txt(t("dash.title"))),
            .div(.class("tiles"), .id("counts"),
                 .forEach(tiles) { tile in
                     guard let href = tile.2 else {
                         return .div(.class("tile"), .span(.class("n"), .attr("data-count", tile.0), .text(String(tile.1))),
                                     .span(.class("label"), .txt(t(tile.0))))
                     }
                     return .a(.class("tile"), .attr("href", href),
                               .span(.class("n"), .attr("data-count", tile.0), .text(String(tile.1))),
                               .span(.class("label"), .txt(t(tile.0))))
                 }),
            CaseFiguresView.node(m.caseFigures, stillReachable: m.stillReachable, t: t),
            .if(!m.charts.isEmpty, .group(.h2(.txt(t("report.charts"))), .div(.class("charts"), .raw(m.charts)))),
            .h2(.txt(t("dash.by_region"))),
            .table(.class("list bars"),
                   .thead(.tr(.th(.txt(t("region.name"))), .th(.txt(t("region.sources"))))),
                   .tbody(.forEach(m.regions) { r in
                       .tr(.td(.txt(r.name)),
                           .td(.span(.class("bar"), .attr("data-w", String(r.sources * 100 / maxSources))),
                               .text(" " + String(r.sources))))
                   }))
        )
    }
}
