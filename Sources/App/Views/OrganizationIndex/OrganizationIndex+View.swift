import Plot
import Vapor

extension OrganizationIndex {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let lang = request.language
        return .div(
            .div(.class("title-row"),
                 .h1(.txt(t("org.list.title"))),
                 .if(m.canCreate, .a(.class("button primary"), .href("/organizations/new"), .txt(t("org.new"))))),
            .form(
                .method(.get), .action("/organizations"), .class("filters"),
                Forms.text("q", label: t("filter.search"), value: m.filters.q, error: nil, max: 200),
                Forms.select("designation", label: t("org.designation"),
                             options: Designation.allCases.map { ($0.rawValue, t("designation." + $0.rawValue)) },
                             selected: m.filters.designation, error: nil, includeBlank: true),
                Forms.select("status", label: t("org.status"),
                             options: OrganizationStatus.allCases.map { ($0.rawValue, t("org_status." + $0.rawValue)) },
                             selected: m.filters.status, error: nil, includeBlank: true),
                .button(.type(.submit), .txt(t("filter.apply")))
            ),
            m.organizations.isEmpty
                ? .p(.class("empty"), .txt(t("list.empty")))
                : .table(
                    .class("list"),
                    .thead(.tr(.th(.txt(t("org.name"))), .th(.txt(t("org.designation"))), .th(.txt(t("org.court"))),
                               .th(.txt(t("org.decision"))), .th(.txt(t("org.status"))))),
                    .tbody(.forEach(m.organizations) { org in
                        .tr(
                            .td(.a(.attr("href", "/organizations/\(org.id ?? 0)"), .txt(org.name(lang)))),
                            .td(.txt(t("designation." + org.designation))),
                            .td(.txt(org.court)),
                            .td(.txt([org.decisionNumber, org.decisionDate ?? ""].filter { !$0.isEmpty }.joined(separator: " · "))),
                            .td(.txt(t("org_status." + org.status)))
                        )
                    })
                ),
            Pager.links(request: request, paging: m.paging, total: m.total)
        )
    }
}
