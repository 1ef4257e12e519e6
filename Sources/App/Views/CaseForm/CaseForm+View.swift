import Plot
import Vapor

extension CaseForm {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let lang = request.language
        func err(_ f: String) -> String? { m.errors[f]?.text(t) }
        return .section(
            .id("new-case"),
            .p(.a(.href("/cases"), .txt("← " + t("case.list.title")))),
            .h1(.txt(t("case.new"))),
            .form(
                .method(.post), .action("/cases"), .class("form"), .id("case-form"),
                Forms.errors(m.errors, t, order: fields),
                Forms.csrf(m.csrf),
                Forms.text("title", label: t("case.title"), value: m.values.title ?? "", error: err("title"),
                           required: true, max: CaseInput.titleMax),
                Forms.text("target", label: t("case.target"), value: m.values.target ?? "", error: err("target"),
                           required: true, max: 2048, hint: t("case.target.hint")),
                Forms.select("region_id", label: t("source.region"),
                             options: m.regions.map { (String($0.id ?? 0), $0.name(lang)) },
                             selected: m.values.region_id ?? "", error: err("region_id"), includeBlank: true),
                Forms.select("organization_id", label: t("case.organization"),
                             options: m.organizations.map { (String($0.id ?? 0), $0.name(lang)) },
                             selected: m.values.organization_id ?? "", error: err("organization_id"),
                             includeBlank: true),
                Forms.text("evidence_url", label: t("case.evidence_url"), value: m.values.evidence_url ?? "",
                           error: err("evidence_url"), max: 2048),
                Forms.textarea("note", label: t("case.note"), value: m.values.note ?? "", error: err("note"),
                               max: CaseInput.noteMax),
                .button(.type(.submit), .class("primary"), .id("create-case"), .txt(t("case.create")))
            )
        )
    }
}
