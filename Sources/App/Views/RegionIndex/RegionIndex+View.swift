import Plot
import Vapor

extension RegionIndex {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        return .div(
            .h1(.txt(t("region.list.title"))),
            .table(
                .class("list"),
                .thead(.tr(.th(.txt(t("region.name"))), .th(.txt(t("region.kind"))), .th(.txt(t("region.sources"))))),
                .tbody(.forEach(m.rows) { row in
                    .tr(.td(.txt(row.region.name(request.language))),
                        .td(.txt(t("region_kind." + row.region.kind))),
                        .td(.a(.attr("href", "/sources?region=\(row.region.id ?? 0)"), .text(String(row.sources)))))
                })
            )
        )
    }
}
