import Plot
import Vapor

extension VolunteerForm {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let lang = request.language
        func err(_ f: String) -> String? { m.errors[f]?.text(t) }
        let action = m.id.map { "/volunteers/\($0)" } ?? "/volunteers"
        return .div(
            .p(.class("breadcrumb"), .a(.href("/volunteers"), .txt(t("volunteer.list.title")))),
            .h1(.txt(t(m.id == nil ? "volunteer.new" : "volunteer.edit"))),
            .form(.method(.post), .attr("action", action), .class("form"), .id("volunteer-form"),
                  Forms.errors(m.errors, t, order: VolunteerInput.fields),
                  Forms.csrf(m.csrf),
                  Forms.text("name", label: t("volunteer.name"), value: m.values["name"] ?? "", error: err("name"),
                             required: true, max: 200),
                  Forms.select("region_id", label: t("volunteer.region"),
                               options: m.regions.map { (String($0.id ?? 0), $0.name(lang)) },
                               selected: m.values["region_id"] ?? "", error: err("region_id"), required: true,
                               includeBlank: true),
                  Forms.text("district", label: t("volunteer.district"), value: m.values["district"] ?? "",
                             error: err("district"), max: 200),
                  Forms.select("age_band", label: t("volunteer.age_band"),
                               options: AgeBand.allCases.map { ($0.rawValue, $0.rawValue) },
                               selected: m.values["age_band"] ?? "18-24", error: err("age_band"), required: true),
                  Forms.text("contact", label: t("volunteer.contact"), value: m.values["contact"] ?? "",
                             error: err("contact"), max: 200,
                             hint: m.currentContact.map { t("contact.keep_hint", ["mask": $0]) } ?? t("volunteer.contact_hint")),
                  .unwrap(m.currentContact) { _ in
                      .div(.class("field"), .label(.input(.type(.checkbox), .name("remove_contact"), .value("on")),
                                                   .text(" "), .txt(t("contact.remove"))))
                  },
                  .button(.type(.submit), .class("primary"), .txt(t("action.save"))))
        )
    }
}
