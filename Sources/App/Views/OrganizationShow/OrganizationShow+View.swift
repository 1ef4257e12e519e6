import Plot
import Vapor

extension OrganizationShow {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let org = m.organization
        func row(_ key: String, _ value: String) -> Node<HTML.DescriptionListContext> {
            .group(.dt(.txt(t(key))), .dd(.txt(value.isEmpty ? "—" : value)))
        }
        return .div(
            .div(.class("title-row"),
                 .h1(.txt(org.name(request.language))),
                 .if(m.canEdit, .a(.class("button"), .attr("href", "/organizations/\(org.id ?? 0)/edit"), .txt(t("action.edit")))),
                 .if(request.can(.view, .knowledge), .a(.class("button"), .id("org-knowledge"), .attr("href", "/organizations/\(org.id ?? 0)/knowledge"), .txt(t("org.knowledge"))))),
            .dl(
                .class("details"),
                row("org.name_ky", org.nameKy), row("org.name_ru", org.nameRu), row("org.name_en", org.nameEn),
                .dt(.txt(t("org.aliases"))),
                .dd(org.aliasList.isEmpty ? .text("—") : .ul(.forEach(org.aliasList) { .li(.txt($0)) })),
                row("org.designation", t("designation." + org.designation)),
                row("org.court", org.court), row("org.decision_number", org.decisionNumber),
                row("org.decision_date", org.decisionDate ?? ""), row("org.status", t("org_status." + org.status)),
                row("org.notes", org.notes)
            ),
            .unwrap(m.sources) { sources in
                .section(
                    .id("org-sources"),
                    .h2(.txt(t("org.sources"))),
                    sources.isEmpty ? .p(.class("empty"), .txt(t("list.empty"))) :
                        .ul(.forEach(sources) { s in
                            .li(.a(.attr("href", "/sources/\(s.id ?? 0)"), .txt(s.title.isEmpty ? s.address : s.title)),
                                .text(" "), .span(.class("muted"), .txt(t("source_kind." + s.kind))))
                        }))
            }
        )
    }
}
