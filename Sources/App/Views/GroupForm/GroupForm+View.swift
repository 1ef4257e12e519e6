import Plot
import Vapor

extension GroupForm {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let lang = request.language
        func err(_ f: String) -> String? { m.errors[f]?.text(t) }
        let action = m.id.map { "/groups/\($0)" } ?? "/groups"
        return .div(
            .p(.class("breadcrumb"), .a(.href("/groups"), .txt(t("group.list.title")))),
            .h1(.txt(t(m.id == nil ? "group.new" : "group.edit"))),
            .form(.method(.post), .attr("action", action), .class("form"), .id("group-form"),
                  Forms.errors(m.errors, t, order: GroupInput.fields),
                  Forms.csrf(m.csrf),
                  Forms.text("name", label: t("group.name"), value: m.values["name"] ?? "", error: err("name"),
                             required: true, max: 200),
                  Forms.select("region_id", label: t("volunteer.region"),
                               options: m.regions.map { (String($0.id ?? 0), $0.name(lang)) },
                               selected: m.values["region_id"] ?? "", error: err("region_id"), includeBlank: true),
                  Forms.select("messenger", label: t("group.messenger"),
                               options: Messenger.allCases.map { ($0.rawValue, t("messenger.\($0.rawValue)")) },
                               selected: m.values["messenger"] ?? "telegram", error: err("messenger"), required: true),
                  Forms.select("language", label: t("group.language"),
                               options: Language.allCases.map { ($0.rawValue, $0.endonym) },
                               selected: m.values["language"] ?? Language.default.rawValue, error: err("language"),
                               required: true),
                  .p(.class("hint"), .txt(t("group.language_hint"))),
                  .button(.type(.submit), .class("primary"), .txt(t("action.save"))))
        )
    }
}
