import Detection
import Plot
import Vapor

extension IndicatorForm {
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
                Forms.select("organization_id", label: t("indicator.organization"),
                             options: m.organizations.map { (String($0.id), $0.name) },
                             selected: v.organization_id ?? "", error: err("organization_id"), required: true,
                             includeBlank: true),
                Forms.text("value", label: t("indicator.value"), value: v.value ?? "", error: err("value"),
                           required: true, max: 256, hint: t("indicator.value_hint")),
                Forms.select("mode", label: t("indicator.mode"),
                             options: IndicatorMode.allCases.map { ($0.rawValue, t("indicator.mode.\($0.rawValue)")) },
                             selected: v.mode ?? "", error: err("mode"), includeBlank: true),
                Forms.text("language", label: t("indicator.language"), value: v.language ?? "", error: err("language"),
                           max: 8, hint: t("indicator.language_hint")),
                Forms.text("weight", label: t("indicator.weight"), value: v.weight ?? "1", error: err("weight"), max: 8,
                           hint: t("indicator.weight_hint")),
                .button(.type(.submit), .class("primary"), .txt(t("action.save")))
            )
        )
    }
}
