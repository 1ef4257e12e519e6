import Plot
import Vapor

extension VolunteerIndex {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let lang = request.language
        func err(_ f: String) -> String? { m.errors[f]?.text(t) }
        return .div(
            .h1(.txt(t("volunteer.list.title"))),
            .p(.a(.href("/groups"), .txt(t("group.list.title"))), .text(" · "), .a(.href("/trainings"), .txt(t("training.list.title"))),
               .text(" · "), .a(.href("/materials"), .txt(t("material.list.title")))),
            m.volunteers.isEmpty ? .p(.class("empty"), .txt(t("list.empty"))) : .table(
                .class("list"),
                .thead(.tr(.th(.txt(t("volunteer.name"))), .th(.txt(t("volunteer.region"))), .th(.txt(t("volunteer.district"))),
                           .th(.txt(t("volunteer.age_band"))), .if(m.showContact, .th(.txt(t("volunteer.contact")))))),
                .tbody(.forEach(m.volunteers) { v in
                    .tr(.td(.txt(v.name)), .td(.txt(v.region?.name(lang) ?? "—")), .td(.txt(v.district)),
                        .td(.txt(v.ageBand)), .if(m.showContact, .td(.txt(v.contact))))
                })
            ),
            Pager.links(request: request, paging: m.paging, total: m.total),
            .if(m.canCreate, .section(
                .h2(.txt(t("volunteer.new"))),
                .form(.method(.post), .action("/volunteers"), .class("form"),
                      Forms.csrf(m.csrf),
                      Forms.text("name", label: t("volunteer.name"), value: m.values["name"] ?? "", error: err("name"),
                                 required: true, max: 200),
                      Forms.select("region_id", label: t("volunteer.region"),
                                   options: m.regions.map { (String($0.id ?? 0), $0.name(lang)) },
                                   selected: m.values["region_id"] ?? "", error: err("region_id"), required: true, includeBlank: true),
                      Forms.text("district", label: t("volunteer.district"), value: m.values["district"] ?? "",
                                 error: err("district"), max: 200),
                      Forms.select("age_band", label: t("volunteer.age_band"),
                                   options: AgeBand.allCases.map { ($0.rawValue, $0.rawValue) },
                                   selected: m.values["age_band"] ?? "18-24", error: err("age_band"), required: true),
                      Forms.text("contact", label: t("volunteer.contact"), value: m.values["contact"] ?? "",
                                 error: err("contact"), max: 200, hint: t("volunteer.contact_hint")),
                      .button(.type(.submit), .class("primary"), .txt(t("action.save"))))
            ))
        )
    }
}
