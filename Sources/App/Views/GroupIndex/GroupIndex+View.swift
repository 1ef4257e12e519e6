import Plot
import Vapor

extension GroupIndex {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let lang = request.language
        let q = m.query
        return .div(
            .id("groups"),
            .div(.class("title-row"), .h1(.txt(t("group.list.title"))),
                 .if(m.canCreate, .a(.class("button primary"), .id("new-group"), .href("/groups/new"),
                                     .txt(t("group.new"))))),
            .form(
                .method(.get), .action("/groups"), .class("filters"), .id("group-filters"),
                Forms.text("q", label: t("filter.search"), value: q.q, error: nil, max: ListQuery.searchMax,
                           type: "search"),
                Forms.select("region", label: t("volunteer.region"),
                             options: m.regions.map { (String($0.id ?? 0), $0.name(lang)) }, selected: q["region"],
                             error: nil, includeBlank: true),
                Forms.select("messenger", label: t("group.messenger"),
                             options: Messenger.allCases.map { ($0.rawValue, t("messenger.\($0.rawValue)")) },
                             selected: q["messenger"], error: nil, includeBlank: true),
                Forms.select("language", label: t("group.language"),
                             options: Language.allCases.map { ($0.rawValue, $0.endonym) }, selected: q["language"],
                             error: nil, includeBlank: true),
                .button(.type(.submit), .txt(t("filter.apply"))),
                .a(.href("/groups"), .class("clear"), .txt(t("list.filter.clear")))),
            FilterErrors.banner(q, request: request),
            !q.isValid ? FilterErrors.emptyBecauseRefused(request: request)
                : m.groups.isEmpty ? .p(.class("empty"), .txt(t("list.empty"))) : .div(.class("table-scroll"), .table(
                .class("list"), .id("groups-table"),
                .thead(.tr(.th(.txt(t("group.name"))), .th(.txt(t("volunteer.region"))), .th(.txt(t("group.messenger"))),
                           .th(.txt(t("group.language"))), .th(.txt(t("group.members"))))),
                .tbody(.forEach(m.groups) { g in
                    let n = m.members[g.id ?? 0] ?? 0
                    return .tr(.attr("data-item", String(g.id ?? 0)),
                               .td(.a(.attr("href", "/groups/\(g.id ?? 0)"), .txt(g.name))),
                               .td(.txt(g.region?.name(lang) ?? "—")), .td(.txt(t("messenger.\(g.messenger)"))),
                               .td(.txt(g.chatLanguage.endonym)),
                               .td(.text(String(n)), .if(n > VolunteerGroup.recommendedMaximum,
                                                         .span(.class("badge blocked"), .txt(" " + t("group.too_large"))))))
                })
            )),
            Pager.links(request: request, paging: q.paging, total: m.total)
        )
    }
}
