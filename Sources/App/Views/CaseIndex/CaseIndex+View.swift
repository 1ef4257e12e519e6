import KaiguulCore
import Plot
import Vapor

extension CaseIndex {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        return .div(
            .div(.class("title-row"),
                 .h1(.txt(t("case.list.title"))),
                 .div(.a(.class("button"), .href("/cases/board"), .id("case-board-link"), .txt(t("case.board.title"))),
                      .if(m.canCreate, .a(.class("button primary"), .href("/cases/new"), .id("new-case-link"),
                                          .txt(t("case.new")))))),
            // Errors of a create form posted the old way are shown with that form; the form lives at /cases/new.
            filters(m, request: request),
            FilterErrors.banner(m.list, request: request),
            m.list.isValid ? table(m, request: request) : FilterErrors.emptyBecauseRefused(request: request),
            Pager.links(request: request, paging: m.paging, total: m.total)
        )
    }

    static func filters(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let lang = request.language
        let states: [(value: String, label: String)] = CaseState.allCases.map { ($0.rawValue, t("case_state." + $0.rawValue)) }
        let kinds: [(value: String, label: String)] = [("site", t("case.kind.site")), ("account", t("case.kind.account"))]
        // The platforms with source kinds of their own, and any other a listed or filtered case names.
        let platforms = PlatformLabel.options(including: m.cases.compactMap(\.platform) + [m.filters.platform], t)
        return .form(
            .method(.get), .action("/cases"), .class("filters"),
            Forms.text("q", label: t("filter.search"), value: m.list.q, error: nil, max: ListQuery.searchMax,
                       hint: t("case.list.search_hint")),
            Forms.select("state", label: t("case.state"), options: states, selected: m.filters.state, error: nil,
                         includeBlank: true),
            Forms.select("region", label: t("source.region"),
                         options: m.regions.map { (String($0.id ?? 0), $0.name(lang)) },
                         selected: m.filters.region, error: nil, includeBlank: true),
            Forms.select("organization", label: t("case.organization"),
                         options: m.organizations.map { (String($0.id ?? 0), organizationName($0, lang)) },
                         selected: m.filters.organization, error: nil, includeBlank: true),
            Forms.select("assignee", label: t("case.assignee"),
                         options: m.users.map { (String($0.id ?? 0), $0.displayName) },
                         selected: m.filters.assignee, error: nil, includeBlank: true),
            Forms.select("kind", label: t("case.target_kind"), options: kinds, selected: m.filters.kind, error: nil,
                         includeBlank: true),
            Forms.select("platform", label: t("case.platform"), options: platforms,
                         selected: m.filters.platform, error: nil, includeBlank: true),
            .button(.type(.submit), .txt(t("filter.apply")))
        )
    }

    /// The organisation's name in the reader's language, falling back to another when that one is empty.
    static func organizationName(_ o: Organization, _ lang: Language) -> String {
        let names: [String]
        switch lang {
        case .ky: names = [o.nameKy, o.nameRu, o.nameEn]
        case .ru: names = [o.nameRu, o.nameKy, o.nameEn]
        case .en: names = [o.nameEn, o.nameRu, o.nameKy]
        }
        return names.first { !$0.isEmpty } ?? ""
    }

    static func table(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        guard !m.cases.isEmpty else { return .p(.class("empty"), .txt(t("list.empty"))) }
        let names = Dictionary(m.users.compactMap { u in u.id.map { ($0, u.displayName) } }, uniquingKeysWith: { a, _ in a })
        return .table(
            .class("list"), .id("cases-table"),
            .thead(.tr(.th(.txt("#")), .th(.txt(t("case.title"))), .th(.txt(t("case.target"))),
                       .th(.txt(t("case.state"))), .th(.txt(t("case.assignee"))))),
            .tbody(.forEach(m.cases) { c in
                .tr(.td(.text(String(c.id ?? 0))),
                    .td(.a(.attr("href", "/cases/\(c.id ?? 0)"), .txt(c.title))),
                    .td(.code(.txt(c.target))),
                    .td(.span(.class("badge " + c.state), .attr("data-state", c.state), .txt(t("case_state." + c.state)))),
                    .td(.txt(c.assigneeID.flatMap { names[$0] } ?? "—")))
            })
        )
    }
}
