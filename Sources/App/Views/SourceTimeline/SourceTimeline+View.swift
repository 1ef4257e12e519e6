import Plot
import Vapor

extension SourceTimeline {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let s = m.source
        let rows: Node<HTML.TableContext> = .tbody(.forEach(m.items) { item in
            .tr(
                .td(.a(.attr("href", "/items/\(item.id ?? 0)"),
                       .txt(String((item.title ?? item.text).prefix(120)).isEmpty ? item.itemKey : String((item.title ?? item.text).prefix(120))))),
                .td(.txt(item.publishedAt.map(Formats.dateTime) ?? "—")),
                .td(.txt(item.createdAt.map(Formats.dateTime) ?? "—")),
                .td(.txt(String(item.version))),
                .td(.if(item.goneAt != nil, .span(.class("badge gone"), .txt(t("item.gone")))))
            )
        })
        return .div(
            .div(.class("title-row"),
                 .h1(.txt(t("timeline.title", ["source": s.title.isEmpty ? s.address : s.title]))),
                 .a(.class("button"), .attr("href", "/sources/\(s.id ?? 0)"), .txt(t("timeline.back")))),
            m.items.isEmpty
                ? .p(.class("empty"), .txt(t("list.empty")))
                : .table(.class("list"), .id("items-table"),
                         .thead(.tr(.th(.txt(t("item.text"))), .th(.txt(t("item.published"))),
                                    .th(.txt(t("item.captured"))), .th(.txt(t("item.version"))),
                                    .th(.txt(t("item.state"))))),
                         rows),
            Pager.links(request: request, paging: m.paging, total: m.total)
        )
    }
}
