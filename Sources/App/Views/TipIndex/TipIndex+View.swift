import Plot
import Vapor

extension TipIndex {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let showsMatch = !m.ownOnly && (m.seesSources || m.seesCases)
        let showsContacts = showsContacts(m, request: request)
        return .div(
            .div(.class("title-row"), .h1(.txt(m.ownOnly ? t("tip.mine") : t("tip.queue"))),
                 .a(.class("button primary"), .href("/tip"), .txt(t("tip.new")))),
            .form(
                .method(.get), .action("/tips"), .class("filters"),
                Forms.text("q", label: t("filter.search"), value: m.list.q, error: nil, max: ListQuery.searchMax,
                           hint: t("tip.list.search_hint")),
                Forms.select("status", label: t("tip.status"),
                             options: TipStatus.allCases.map { ($0.rawValue, t("tip_status.\($0.rawValue)")) },
                             selected: m.list["status"], error: nil, includeBlank: true),
                .button(.type(.submit), .txt(t("filter.apply")))),
            FilterErrors.banner(m.list, request: request),
            !m.list.isValid ? FilterErrors.emptyBecauseRefused(request: request)
            : m.tips.isEmpty ? .p(.class("empty"), .txt(t("list.empty"))) : .table(
                .class("list"), .id("tips-table"),
                .thead(.tr(.th(.text("#")), .th(.txt(t("tip.received_at"))), .th(.txt(t("tip.urls"))),
                           .th(.txt(t("tip.comment"))), .th(.txt(t("tip.status"))),
                           .if(showsMatch, .th(.txt(t("tip.match")))),
                           .if(showsContacts, .th(.txt(t("contact.tip_sender")))), .if(m.canUpdate, .th()))),
                .tbody(.forEach(m.tips) { tip in
                    .tr(
                        .td(.text(String(tip.id ?? 0))),
                        .td(.txt(tip.createdAt.map(Formats.dateTime) ?? "")),
                        // Shown as text, never as links: a reported URL is suspect by definition.
                        .td(.ul(.class("plain"), .forEach(tip.urlList) { .li(.code(.txt($0))) })),
                        .td(.txt(String(tip.comment.prefix(300)))),
                        .td(.span(.class("badge " + tip.status), .txt(t("tip_status." + tip.status)))),
                        .if(showsMatch, .td(matchCell(tip, m, t))),
                        .if(showsContacts, .td(contactCell(tip, csrf: m.csrf, request: request))),
                        .if(m.canUpdate, .td(statusForm(tip, m.csrf, t)))
                    )
                })
            ),
            Pager.links(request: request, paging: m.paging, total: m.total)
        )
    }

    private static func matchCell(_ tip: Tip, _ m: Model, _ t: Translator) -> Node<HTML.BodyContext> {
        let source = m.seesSources ? tip.sourceID : nil
        let caseID = m.seesCases ? tip.caseID : nil
        return .group(
            .unwrap(source) { .a(.attr("href", "/sources/\($0)"), .txt(t("tip.matched_source", ["id": String($0)]))) },
            .unwrap(caseID) { .a(.attr("href", "/cases/\($0)"), .txt(t("tip.matched_case", ["id": String($0)]))) },
            .if(source == nil && caseID == nil, .txt(t("tip.unmatched")))
        )
    }

    private static func statusForm(_ tip: Tip, _ csrf: String, _ t: Translator) -> Node<HTML.BodyContext> {
        .form(.method(.post), .attr("action", "/tips/\(tip.id ?? 0)/status"), .class("inline"),
              Forms.csrf(csrf),
              Forms.select("status", label: t("tip.set_status"),
                           options: TipStatus.allCases.map { ($0.rawValue, t("tip_status." + $0.rawValue)) },
                           selected: tip.status, error: nil),
              .button(.type(.submit), .txt(t("action.save"))))
    }
}
