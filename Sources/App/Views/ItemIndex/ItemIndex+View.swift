import Plot
import Vapor

extension ItemIndex {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let names = Dictionary(m.sources.compactMap { s in s.id.map { ($0, s.title.isEmpty ? s.address : s.title) } },
                               uniquingKeysWith: { a, _ in a })
        return .div(
            .h1(.txt(t("item.list.title"))),
            .form(
                .method(.get), .action("/items"), .class("filters"),
                Forms.text("q", label: t("filter.search"), value: m.list.q, error: nil, max: ListQuery.searchMax,
                           hint: t("item.list.search_hint")),
                Forms.select("source", label: t("item.source"),
                             options: m.sources.map { (String($0.id ?? 0), names[$0.id ?? 0] ?? "") },
                             selected: m.list["source"], error: nil, includeBlank: true),
                Forms.select("state", label: t("item.state"),
                             options: [("present", t("item.list.present")), ("gone", t("item.gone"))],
                             selected: m.list["state"], error: nil, includeBlank: true),
                Forms.text("from", label: t("list.filter.from"), value: m.list["from"], error: nil, max: 10, type: "date"),
                Forms.text("to", label: t("list.filter.to"), value: m.list["to"], error: nil, max: 10, type: "date"),
                .button(.type(.submit), .txt(t("filter.apply")))
            ),
            FilterErrors.banner(m.list, request: request),
            !m.list.isValid ? FilterErrors.emptyBecauseRefused(request: request)
                : m.items.isEmpty ? .p(.class("empty"), .txt(t("list.empty"))) : table(m, names: names, t),
            Pager.links(request: request, paging: m.paging, total: m.total)
        )
    }

    static func table(_ m: Model, names: [Int: String], _ t: Translator) -> Node<HTML.BodyContext> {
        .table(
            .class("list"), .id("items-table"),
            .thead(.tr(.th(.txt(t("item.text"))), .th(.txt(t("item.source"))), .th(.txt(t("item.published"))),
                       .th(.txt(t("item.captured"))), .th(.txt(t("item.version"))), .th(.txt(t("item.state"))))),
            .tbody(.forEach(m.items) { item in
                let text = String((item.title ?? item.text).prefix(120))
                return .tr(
                    .attr("data-item", String(item.id ?? 0)),
                    .td(.a(.attr("href", "/items/\(item.id ?? 0)"), .txt(text.isEmpty ? item.itemKey : text))),
                    .td(.a(.attr("href", "/sources/\(item.sourceID)"), .txt(names[item.sourceID] ?? "#\(item.sourceID)"))),
                    .td(.txt(item.publishedAt.map(Formats.dateTime) ?? "—")),
                    .td(.txt(item.createdAt.map(Formats.dateTime) ?? "—")),
                    .td(.txt(String(item.version))),
                    .td(.if(item.goneAt != nil, .span(.class("badge gone"), .txt(t("item.gone")))))
                )
            })
        )
    }
}
