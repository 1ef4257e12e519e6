import Plot
import Vapor

extension MaterialForm {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        func err(_ f: String) -> String? { m.errors[f]?.text(t) }
        let title = m.kind == .link ? t("material.new") : t("material.upload")
        return .div(
            .p(.class("breadcrumb"), .a(.href("/materials"), .txt(t("material.list.title")))),
            .h1(.txt(title)),
            m.kind == .link
                ? .form(.method(.post), .action("/materials"), .class("form"), .id("material-form"),
                        Forms.errors(m.errors, t, order: linkFields),
                        Forms.csrf(m.csrf),
                        Forms.text("title", label: t("material.title"), value: m.values["title"] ?? "", error: err("title"),
                                   required: true, max: 300),
                        Forms.select("kind", label: t("material.kind"),
                                     options: CounterMaterialKind.allCases.map { ($0.rawValue, t("material_kind.\($0.rawValue)")) },
                                     selected: m.values["kind"] ?? "video", error: err("kind"), required: true),
                        Forms.text("languages", label: t("material.languages"), value: m.values["languages"] ?? "ky,ru",
                                   error: err("languages"), max: 50, hint: t("material.languages_hint")),
                        Forms.text("topics", label: t("material.topics"), value: m.values["topics"] ?? "",
                                   error: err("topics"), max: 500),
                        Forms.text("url", label: t("material.url"), value: m.values["url"] ?? "", error: err("url"),
                                   required: true, max: 2000, type: "url"),
                        .button(.type(.submit), .class("primary"), .txt(t("action.save"))))
                : .form(.method(.post), .action("/materials/files"), .class("form"), .id("material-form"),
                        .enctype(.multipartData),
                        Forms.errors(m.errors, t, order: fileFields),
                        Forms.csrf(m.csrf),
                        Forms.text("title", label: t("material.title"), value: m.values["title"] ?? "", error: err("title"),
                                   required: true, max: 300),
                        Forms.text("languages", label: t("material.languages"), value: m.values["languages"] ?? "ky,ru",
                                   error: err("languages"), max: 50, hint: t("material.languages_hint")),
                        Forms.text("topics", label: t("material.topics"), value: m.values["topics"] ?? "",
                                   error: err("topics"), max: 500),
                        Forms.text("file", label: t("material.file"), value: "", error: err("file"), required: true,
                                   max: 1000, type: "file", hint: t("material.file_hint")),
                        .button(.type(.submit), .class("primary"), .txt(t("material.upload"))))
        )
    }
}
