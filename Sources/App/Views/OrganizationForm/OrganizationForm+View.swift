import Plot
import Vapor

extension OrganizationForm {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let v = m.values
        func err(_ field: String) -> String? { m.errors[field]?.text(t) }
        return .div(
            .h1(.txt(m.title)),
            .form(
                .method(.post), .attr("action", m.action), .class("form"),
                Forms.errors(m.errors, t, order: fields),
                Forms.csrf(m.csrf),
                Forms.text("name_ky", label: t("org.name_ky"), value: v.name_ky ?? "", error: err("name_ky"), max: 300),
                Forms.text("name_ru", label: t("org.name_ru"), value: v.name_ru ?? "", error: err("name_ru"), max: 300),
                Forms.text("name_en", label: t("org.name_en"), value: v.name_en ?? "", error: err("name_en"), max: 300),
                Forms.textarea("aliases", label: t("org.aliases"), value: v.aliases ?? "", error: err("aliases"),
                               max: 20_000, hint: t("org.aliases_hint")),
                Forms.select("designation", label: t("org.designation"),
                             options: Designation.allCases.map { ($0.rawValue, t("designation." + $0.rawValue)) },
                             selected: v.designation ?? "", error: err("designation"), required: true, includeBlank: true),
                Forms.text("court", label: t("org.court"), value: v.court ?? "", error: err("court"), max: 300),
                Forms.text("decision_number", label: t("org.decision_number"), value: v.decision_number ?? "",
                           error: err("decision_number"), max: 100),
                Forms.text("decision_date", label: t("org.decision_date"), value: v.decision_date ?? "",
                           error: err("decision_date"), max: 10, type: "date"),
                Forms.select("status", label: t("org.status"),
                             options: OrganizationStatus.allCases.map { ($0.rawValue, t("org_status." + $0.rawValue)) },
                             selected: v.status ?? "banned", error: err("status")),
                Forms.textarea("notes", label: t("org.notes"), value: v.notes ?? "", error: err("notes"), max: 10_000),
                .button(.type(.submit), .class("primary"), .txt(t("action.save")))
            )
        )
    }
}
