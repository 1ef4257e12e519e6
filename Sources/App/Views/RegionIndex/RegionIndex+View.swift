import Plot
import Vapor

extension RegionIndex {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let counted = m.rows.contains { $0.sources != nil }
        return .div(
            .h1(.txt(t("region.list.title"))),
            .table(
                .class("list"),
                .thead(.tr(.th(.txt(t("region.name"))), .th(.txt(t("region.kind"))),
                           .if(counted, .th(.txt(t("region.sources")))))),
                .tbody(.forEach(m.rows) { row in
                    .tr(.td(.txt(row.region.name(request.language))),
                        .td(.txt(t("region_kind." + row.region.kind))),
                        .unwrap(row.sources) { n in
                            .td(.a(.attr("href", "/sources?region=\(row.region.id ?? 0)"), .text(String(n))))
                        })
                })
            )
        )
    }
}
