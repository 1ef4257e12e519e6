import KaiguulCore
import Plot
import Vapor

extension SourceIndex {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let lang = request.language
        return .div(
            .div(.class("title-row"),
                 .h1(.txt(t("source.list.title"))),
                 .div(.a(.class("button"), .href("/candidates"), .id("candidates-link"), .txt(t("candidate.list.title"))),
                      .if(m.canCreate, .a(.class("button primary"), .href("/sources/new"), .id("new-source"),
                                          .txt(t("source.new")))))),
            .form(
                .method(.get), .action("/sources"), .class("filters"),
                Forms.text("q", label: t("filter.search"), value: m.filters.q, error: nil, max: 200),
                Forms.select("kind", label: t("source.kind"),
                             options: SourceKind.allCases.map { ($0.rawValue, t("source_kind." + $0.rawValue)) },
                             selected: m.filters.kind, error: nil, includeBlank: true),
                Forms.select("region", label: t("source.region"),
                             options: m.regions.map { (String($0.id ?? 0), $0.name(lang)) },
                             selected: m.filters.region, error: nil, includeBlank: true),
                Forms.select("status", label: t("source.status"),
                             options: SourceStatus.allCases.map { ($0.rawValue, t("source_status." + $0.rawValue)) },
                             selected: m.filters.status, error: nil, includeBlank: true),
                .button(.type(.submit), .txt(t("filter.apply")))
            ),
            m.sources.isEmpty
                ? .p(.class("empty"), .txt(t("list.empty")))
                : .table(
                    .class("list"), .id("sources-table"),
                    .thead(.tr(.th(.txt(t("source.address"))), .th(.txt(t("source.kind"))), .th(.txt(t("source.region"))),
                               .th(.txt(t("source.status"))), .th(.txt(t("source.last_check"))),
                               .th(.txt(t("source.next_check"))),
                               .if(m.itemCounts != nil, .th(.txt(t("source.items")))))),
                    .tbody(.forEach(m.sources) { s in
                        .tr(
                            .td(.a(.attr("href", "/sources/\(s.id ?? 0)"), .txt(s.title.isEmpty ? s.address : s.title)),
                                .if(!s.title.isEmpty, .small(.class("muted block"), .txt(s.address)))),
                            .td(.txt(t("source_kind." + s.kind))),
                            .td(.txt(s.region?.name(lang) ?? "—")),
                            .td(.span(.class("badge " + s.status), .txt(t("source_status." + s.status)))),
                            .td(.txt(s.lastCheckedAt.map(Formats.dateTime) ?? t("source.never_checked"))),
                            .td(.txt(s.status == "active" ? (s.nextCheckAt.map(Formats.dateTime) ?? "—") : "—")),
                            .unwrap(m.itemCounts) { counts in
                                .td(.a(.attr("href", "/sources/\(s.id ?? 0)/items"), .txt(String(counts[s.id ?? 0] ?? 0))))
                            }
                        )
                    })
                ),
            Pager.links(request: request, paging: m.paging, total: m.total)
        )
    }
}
