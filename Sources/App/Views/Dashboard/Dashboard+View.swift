import KaiguulCore
import Plot
import Vapor

extension Dashboard {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        return .div(
            .h1(.txt(t("nav.dashboard"))),
            .div(.class("tiles"), .id("counts"),
                 .forEach(m.tiles) { tile in
                     guard let href = tile.href else {
                         return .div(.class("tile"), .span(.class("n"), .attr("data-count", tile.key), .text(String(tile.count))),
                                     .span(.class("label"), .txt(t(tile.key))))
                     }
                     return .a(.class("tile"), .attr("href", href),
                               .span(.class("n"), .attr("data-count", tile.key), .text(String(tile.count))),
                               .span(.class("label"), .txt(t(tile.key))))
                 }),
            CaseFiguresView.node(m.caseFigures, stillReachable: m.stillReachable, t: t),
            .unwrap(m.countedAt) { at in
                .p(.class("counted-at"), .id("figures-counted-at"),
                   .txt(t("figures.counted_at", ["time": Formats.dateTime(at), "seconds": String(m.recountSeconds)])))
            },
            .if(!m.charts.isEmpty, .group(.h2(.txt(t("report.charts"))), .div(.class("charts"), .raw(m.charts)))),
            .unwrap(m.regions) { regions in
                let maxSources = max(1, regions.map(\.sources).max() ?? 1)
                return .section(
                    .id("by-region"),
                    .h2(.txt(t("dash.by_region"))),
                    .table(.class("list bars"),
                           .thead(.tr(.th(.txt(t("region.name"))), .th(.txt(t("region.sources"))))),
                           .tbody(.forEach(regions) { r in
                               .tr(.td(.txt(r.name)),
                                   .td(.span(.class("bar"), .attr("data-w", String(r.sources * 100 / maxSources))),
                                       .text(" " + String(r.sources))))
                           })))
            }
        )
    }
}
