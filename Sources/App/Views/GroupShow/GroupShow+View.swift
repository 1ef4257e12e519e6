import Plot
import Vapor

extension GroupShow {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let lang = request.language
        let g = m.group
        let id = g.id ?? 0
        return .div(
            .id("group"),
            .p(.class("breadcrumb"), .a(.href("/groups"), .txt(t("group.list.title")))),
            .div(.class("title-row"), .h1(.txt(g.name)),
                 .if(m.canEdit, .a(.class("button"), .id("edit-group"), .attr("href", "/groups/\(id)/edit"),
                                   .txt(t("action.edit"))))),
            .p(.class("facts"),
               .txt(g.region?.name(lang) ?? "—"), .text(" · "), .txt(t("messenger.\(g.messenger)")), .text(" · "),
               .span(.id("group-language"), .attr("data-language", g.chatLanguage.rawValue),
                     .txt(t("group.language_is", ["language": g.chatLanguage.endonym]))), .text(" · "),
               .txt(t("group.member_count", ["n": String(m.members.count)]))),
            .if(m.members.count > VolunteerGroup.recommendedMaximum,
                .div(.class("alert"), .id("group-too-large"),
                     .txt(t("group.warning_size", ["n": String(m.members.count),
                                                   "max": String(VolunteerGroup.recommendedMaximum)])))),
            membersSection(m, t, lang: lang, id: id),
            .if(m.canEdit, pickerSection(m, request: request, lang: lang, id: id))
        )
    }

    /// The members, each with a box to tick for removal when the viewer may change the group.
    private static func membersSection(_ m: Model, _ t: Translator, lang: Language, id: Int) -> Node<HTML.BodyContext> {
        let table = membersTable(m.members, name: "member_ids", checkable: m.canEdit, contacts: m.showContact, t, lang: lang)
        return .section(
            .id("members"),
            .h2(.txt(t("group.members"))),
            m.members.isEmpty ? .p(.class("empty"), .txt(t("group.no_members"))) : m.canEdit
                ? .form(.method(.post), .attr("action", "/groups/\(id)/members/remove"), .class("bulk"),
                        .id("remove-members"),
                        Forms.errors(m.errors.filter { $0.key == "member_ids" }, t),
                        Forms.csrf(m.csrf), .raw(table.render()),
                        .button(.type(.submit), .txt(t("group.remove_selected"))))
                : table
        )
    }

    private static func pickerSection(_ m: Model, request: Request, lang: Language, id: Int) -> Node<HTML.BodyContext> {
        let t = request.t
        let q = m.picker
        return .section(
            .id("add-members"),
            .h2(.txt(t("group.add_members"))),
            .form(.method(.get), .attr("action", "/groups/\(id)"), .class("filters"), .id("member-search"),
                  Forms.text("q", label: t("filter.search"), value: q.q, error: nil, max: ListQuery.searchMax,
                             type: "search", hint: t(m.findsByContact ? "contact.search_hint" : "volunteer.search_hint")),
                  Forms.select("region", label: t("volunteer.region"),
                               options: m.regions.map { (String($0.id ?? 0), $0.name(lang)) }, selected: q["region"],
                               error: nil, includeBlank: true),
                  .button(.type(.submit), .txt(t("filter.apply"))),
                  .a(.attr("href", "/groups/\(id)#add-members"), .class("clear"), .txt(t("list.filter.clear")))),
            FilterErrors.banner(q, request: request),
            !q.isValid ? FilterErrors.emptyBecauseRefused(request: request)
                : m.candidates.isEmpty ? .p(.class("empty"), .txt(t("list.empty")))
                : .form(.method(.post), .attr("action", "/groups/\(id)/members"), .class("bulk"), .id("add-members-form"),
                        Forms.errors(m.errors.filter { $0.key == "volunteer_ids" }, t),
                        Forms.csrf(m.csrf),
                        // Where to come back to: the same search and page, to tick the next ones.
                        .raw(hidden("q", q.q) + hidden("region", q["region"]) + hidden("page", String(q.paging.page))),
                        .raw(membersTable(m.candidates, name: "volunteer_ids", checkable: true, contacts: m.showContact, t,
                                                       lang: lang).render()),
                        .button(.type(.submit), .class("primary"), .txt(t("group.add_selected")))),
            Pager.links(request: request, paging: q.paging, total: m.candidateTotal)
        )
    }

    private static func hidden(_ name: String, _ value: String) -> String {
        value.isEmpty ? "" : "<input type=\"hidden\" name=\"\(name)\" value=\"\(Escape.attribute(value))\">"
    }

    /// Volunteers as rows; `name` is the checkbox field (`name[]`), whose table carries `id="f-name"` so
    /// the form's error summary can link to it.
    private static func membersTable(_ volunteers: [ListedVolunteer], name: String, checkable: Bool, contacts: Bool,
                                     _ t: Translator, lang: Language) -> Node<HTML.BodyContext> {
        .div(.class("table-scroll"), .table(
            .class("list"), .id("f-\(name)"),
            .thead(.tr(.if(checkable, .th(.span(.class("sr-only"), .txt(t("group.choose"))))),
                       .th(.txt(t("volunteer.name"))), .th(.txt(t("volunteer.region"))),
                       .th(.txt(t("volunteer.district"))), .if(contacts, .th(.txt(t("volunteer.contact")))))),
            .tbody(.forEach(volunteers) { row in
                let v = row.record
                let vid = row.id
                return .tr(
                    .attr("data-item", String(vid)),
                    .if(checkable, .td(.raw("<input type=\"checkbox\" name=\"\(name)[]\" value=\"\(vid)\" "
                        + "id=\"\(name)-\(vid)\">"))),
                    // A ticked row's name is the checkbox's label, so the whole name toggles it.
                    .td(checkable ? .raw("<label for=\"\(name)-\(vid)\">\(Escape.attribute(row.name))</label>")
                        : .a(.attr("href", "/volunteers/\(vid)"), .txt(row.name))),
                    .td(.txt(v.region?.name(lang) ?? "—")), .td(.txt(v.district)),
                    .if(contacts, .td(.class("contact-masked"), .txt(row.maskedContact ?? "—"))))
            })
        ))
    }
}
