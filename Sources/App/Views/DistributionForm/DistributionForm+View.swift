import Plot
import Vapor

extension DistributionForm {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        func err(_ f: String) -> String? { m.errors[f]?.text(t) }
        return .div(
            .p(.class("breadcrumb"), .a(.href("/distributions"), .txt(t("distribution.list.title")))),
            .h1(.txt(t("distribution.new"))),
            m.materials.isEmpty || m.groups.isEmpty
                ? .p(.class("empty"), .id("distribution-impossible"),
                     .txt(t(m.materials.isEmpty ? "distribution.no_approved" : "distribution.no_groups")))
                : .form(.method(.post), .action("/distributions"), .class("form"), .id("distribution-form"),
                        Forms.errors(m.errors, t, order: fields),
                        Forms.csrf(m.csrf),
                        Forms.select("material_id", label: t("material.title"),
                                     options: m.materials.map { (String($0.id ?? 0), $0.title) },
                                     selected: m.values["material_id"] ?? "", error: err("material_id"), required: true),
                        Forms.select("group_id", label: t("distribution.group"),
                                     options: m.groups.map { (String($0.id ?? 0), $0.name) },
                                     selected: m.values["group_id"] ?? "", error: err("group_id"), required: true),
                        Forms.text("distributed_on", label: t("distribution.date"), value: m.values["distributed_on"] ?? "",
                                   error: err("distributed_on"), required: true, max: 10, type: "date"),
                        .button(.type(.submit), .class("primary"), .txt(t("distribution.record"))))
        )
    }
}
