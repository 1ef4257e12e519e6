import Plot
import Vapor

extension VolunteerIndex {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let lang = request.language
        let q = m.query
        return .div(
            .id("volunteers"),
            .div(.class("title-row"), .h1(.txt(t("volunteer.list.title"))),
                 .if(m.canCreate, .a(.class("button primary"), .id("new-volunteer"), .href("/volunteers/new"),
                                     .txt(t("volunteer.new"))))),
            .p(.a(.href("/groups"), .txt(t("group.list.title"))), .text(" · "),
               .a(.href("/trainings"), .txt(t("training.list.title"))), .text(" · "),
               .a(.href("/materials"), .txt(t("material.list.title")))),
            PersonalDataLinks.volunteerList(request: request),
            .form(
                .method(.get), .action("/volunteers"), .class("filters"), .id("volunteer-filters"),
                Forms.text("q", label: t("filter.search"), value: q.q, error: nil, max: ListQuery.searchMax,
                           type: "search", hint: t(m.findsByContact ? "contact.search_hint" : "volunteer.search_hint")),
                Forms.select("region", label: t("volunteer.region"),
                             options: m.regions.map { (String($0.id ?? 0), $0.name(lang)) }, selected: q["region"],
                             error: nil, includeBlank: true),
                Forms.select("group", label: t("volunteer.group"),
                             options: m.groups.map { (String($0.id ?? 0), $0.name) }, selected: q["group"], error: nil,
                             includeBlank: true),
                Forms.select("age_band", label: t("volunteer.age_band"),
                             options: AgeBand.allCases.map { ($0.rawValue, $0.rawValue) }, selected: q["age_band"],
                             error: nil, includeBlank: true),
                Forms.select("login", label: t("volunteer.login"),
                             options: VolunteerLists.Login.allCases.map { ($0.rawValue, t("volunteer.login.\($0.rawValue)")) },
                             selected: q["login"], error: nil, includeBlank: true),
                .button(.type(.submit), .txt(t("filter.apply"))),
                .a(.href("/volunteers"), .class("clear"), .txt(t("list.filter.clear")))),
            FilterErrors.banner(q, request: request),
            !q.isValid ? FilterErrors.emptyBecauseRefused(request: request)
                : m.volunteers.isEmpty ? .p(.class("empty"), .txt(t("list.empty"))) : .div(.class("table-scroll"), .table(
                .class("list"), .id("volunteers-table"),
                .thead(.tr(.th(.txt(t("volunteer.name"))), .th(.txt(t("volunteer.region"))),
                           .th(.txt(t("volunteer.district"))), .th(.txt(t("volunteer.age_band"))),
                           .th(.txt(t("volunteer.login"))), .if(m.showContact, .th(.txt(t("volunteer.contact")))))),
                .tbody(.forEach(m.volunteers) { row in
                    let v = row.record
                    return .tr(.attr("data-item", String(row.id)),
                        .td(.a(.attr("href", "/volunteers/\(row.id)"), .txt(row.name))),
                        .td(.txt(v.region?.name(lang) ?? "—")), .td(.txt(v.district)), .td(.txt(v.ageBand)),
                        .td(.txt(t(v.userID == nil ? "volunteer.login.unlinked" : "volunteer.login.linked"))),
                        .if(m.showContact, .td(.class("contact-masked"), .txt(row.maskedContact ?? "—"))))
                })
            )),
            Pager.links(request: request, paging: q.paging, total: m.total)
        )
    }
}
