import Plot
import Vapor

extension DistributionIndex {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let q = m.query
        return .div(
            .id("distributions"),
            .div(.class("title-row"), .h1(.txt(t("distribution.list.title"))),
                 .if(m.canDistribute, .a(.class("button primary"), .id("new-distribution"), .href("/distributions/new"),
                                         .txt(t("distribution.new"))))),
            MaterialTabs.nav(.distributions, request: request),
            .form(
                .method(.get), .action("/distributions"), .class("filters"), .id("distribution-filters"),
                Forms.text("q", label: t("filter.search"), value: q.q, error: nil, max: ListQuery.searchMax, type: "search",
                           hint: t("distribution.search_hint")),
                Forms.select("group", label: t("distribution.group"),
                             options: m.groups.map { (String($0.id ?? 0), $0.name) }, selected: q["group"], error: nil,
                             includeBlank: true),
                Forms.select("material", label: t("material.title"),
                             options: m.materials.map { (String($0.id ?? 0), $0.title) }, selected: q["material"],
                             error: nil, includeBlank: true),
                Forms.text("from", label: t("distribution.from"), value: q["from"], error: nil, max: 10, type: "date"),
                Forms.text("to", label: t("distribution.to"), value: q["to"], error: nil, max: 10, type: "date"),
                Forms.select("shared", label: t(m.canConfirm ? "distribution.shared_by_me" : "distribution.shared_filter"),
                             options: [("yes", t("distribution.shared_yes")), ("no", t("distribution.shared_no"))],
                             selected: q["shared"], error: nil, includeBlank: true),
                .button(.type(.submit), .txt(t("filter.apply"))),
                .a(.href("/distributions"), .class("clear"), .txt(t("list.filter.clear")))),
            FilterErrors.banner(q, request: request),
            !q.isValid ? FilterErrors.emptyBecauseRefused(request: request)
                : m.rows.isEmpty ? .p(.class("empty"), .txt(t("list.empty"))) : .div(.class("table-scroll"), .table(
                .class("list"), .id("distributions-table"),
                .thead(.tr(.th(.txt(t("distribution.date"))), .th(.txt(t("material.title"))), .th(.txt(t("distribution.group"))),
                           .th(.txt(t("distribution.link"))), .th(.txt(t("distribution.clicks"))),
                           .th(.txt(t("distribution.confirmations"))), .if(m.canConfirm, .th()))),
                .tbody(.forEach(m.rows) { row in
                    let d = row.distribution
                    let share = SharePanel(d, base: m.base, fallback: t.language)
                    return .tr(
                        .attr("data-item", String(d.id ?? 0)),
                        .td(.a(.attr("href", "/distributions/\(d.id ?? 0)"), .txt(d.distributedOn))),
                        .td(.txt(d.material.title)),
                        .td(.txt(d.group?.name ?? d.channel ?? "—")),
                        .td(share.link(t)),
                        .td(.text(String(row.clicks))), .td(.text(String(row.confirmations))),
                        .if(m.canConfirm, .td(confirmCell(row, back: "/distributions", m.csrf, t))))
                })
            )),
            Pager.links(request: request, paging: q.paging, total: m.total)
        )
    }

    /// "I shared it", or that it was said already. `back` is where the confirmation returns to.
    static func confirmCell(_ row: DistributionLists.Row, back: String, _ csrf: String,
                            _ t: Translator) -> Node<HTML.BodyContext> {
        row.confirmedByMe ? .span(.class("badge approved"), .txt(t("distribution.shared"))) :
            .form(.method(.post), .attr("action", "/distributions/\(row.distribution.id ?? 0)/confirm"), .class("inline"),
                  Forms.csrf(csrf), .input(.type(.hidden), .name("back"), .attr("value", back)),
                  .button(.type(.submit), .class("primary"), .txt(t("distribution.confirm"))))
    }
}
