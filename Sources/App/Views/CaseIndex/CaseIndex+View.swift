import KaiguulCore
import Plot
import Vapor

extension CaseIndex {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        return .div(
            .div(.class("title-row"),
                 .h1(.txt(t("case.list.title"))),
                 .a(.class("button"), .href("/cases/board"), .id("case-board-link"), .txt(t("case.board.title")))),
            filters(m, request: request),
            table(m, request: request),
            Pager.links(request: request, paging: m.paging, total: m.total),
            .if(m.canCreate, newForm(m, request: request))
        )
    }

    static func filters(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let lang = request.language
        let states: [(value: String, label: String)] = CaseState.allCases.map { ($0.rawValue, t("case_state." + $0.rawValue)) }
        let kinds: [(value: String, label: String)] = [("site", t("case.kind.site")), ("account", t("case.kind.account"))]
        // The platforms with source kinds of their own, and any other a listed case names.
        let platforms = Array(Set(m.cases.compactMap(\.platform) + SourceKind.allCases.compactMap { kind in
            PlatformTable.platform(for: kind)?.id
        })).sorted()
        return .form(
            .method(.get), .action("/cases"), .class("filters"),
            Forms.select("state", label: t("case.state"), options: states, selected: m.filters.state, error: nil,
                         includeBlank: true),
            Forms.select("region", label: t("source.region"),
                         options: m.regions.map { (String($0.id ?? 0), $0.name(lang)) },
                         selected: m.filters.region, error: nil, includeBlank: true),
            Forms.select("organization", label: t("case.organization"),
                         options: m.organizations.map { (String($0.id ?? 0), $0.nameEn) },
                         selected: m.filters.organization, error: nil, includeBlank: true),
            Forms.select("assignee", label: t("case.assignee"),
                         options: m.users.map { (String($0.id ?? 0), $0.displayName) },
                         selected: m.filters.assignee, error: nil, includeBlank: true),
            Forms.select("kind", label: t("case.target_kind"), options: kinds, selected: m.filters.kind, error: nil,
                         includeBlank: true),
            Forms.select("platform", label: t("case.platform"), options: platforms.map { ($0, $0) },
                         selected: m.filters.platform, error: nil, includeBlank: true),
            .button(.type(.submit), .txt(t("filter.apply")))
        )
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

    static func newForm(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let lang = request.language
        func err(_ f: String) -> String? { m.errors[f]?.text(t) }
        return .section(
            .id("new-case"),
            .h2(.txt(t("case.new"))),
            .form(
                .method(.post), .action("/cases"),
                Forms.csrf(m.csrf),
                Forms.text("title", label: t("case.title"), value: m.values.title ?? "", error: err("title"),
                           required: true, max: 300),
                Forms.text("target", label: t("case.target"), value: m.values.target ?? "", error: err("target"),
                           required: true, max: 2048, hint: t("case.target.hint")),
                Forms.select("region_id", label: t("source.region"),
                             options: m.regions.map { (String($0.id ?? 0), $0.name(lang)) },
                             selected: m.values.region_id ?? "", error: err("region_id"), includeBlank: true),
                Forms.select("organization_id", label: t("case.organization"),
                             options: m.organizations.map { (String($0.id ?? 0), $0.nameEn) },
                             selected: m.values.organization_id ?? "", error: err("organization_id"), includeBlank: true),
                Forms.text("evidence_url", label: t("case.evidence_url"), value: m.values.evidence_url ?? "",
                           error: err("evidence_url"), max: 2048),
                Forms.textarea("note", label: t("case.note"), value: m.values.note ?? "", error: err("note"),
                               max: 10_000),
                .button(.type(.submit), .class("primary"), .id("create-case"), .txt(t("case.create")))
            )
        )
    }
}
