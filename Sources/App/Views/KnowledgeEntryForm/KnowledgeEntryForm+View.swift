import Plot
import Vapor

extension KnowledgeEntryForm {
    static let fields = ["ideology_ky", "ideology_ru", "ideology_en", "recruitment_ky", "recruitment_ru", "recruitment_en",
                         "recognition_ky", "recognition_ru", "recognition_en", "example_indicator_ids", "symbol_ids",
                         "counter_material_ids", "public_sources", "public_fields", "internal_notes"]

    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let v = m.values
        let orgID = m.organization.id ?? 0
        func err(_ field: String) -> String? { m.errors[field]?.text(t) }
        func area(_ name: String, _ value: String?, _ label: String) -> Node<HTML.FormContext> {
            Forms.textarea(name, label: label, value: value ?? "", error: err(name), max: KnowledgeInput.maxText, rows: 4)
        }
        func texts(_ base: String, _ ky: String?, _ ru: String?, _ en: String?) -> Node<HTML.FormContext> {
            .group(.raw("<fieldset id=\"f-\(base)\"><legend>\(Escape.text(t("knowledge.field.\(base)")))</legend>"),
                   area("\(base)_ky", ky, Language.ky.endonym), area("\(base)_ru", ru, Language.ru.endonym),
                   area("\(base)_en", en, Language.en.endonym), .raw("</fieldset>"))
        }
        let publicChoices = KnowledgeField.allCases.map { ($0.rawValue, t("knowledge.field.\($0.rawValue)")) }
        return .div(
            .h1(.txt(t("knowledge.new", ["name": m.organization.name(request.language)]))),
            .p(.class("hint"), .txt(t("knowledge.form.hint"))),
            .form(
                .method(.post), .action("/organizations/\(orgID)/knowledge"), .class("form"), .id("knowledge-form"),
                Forms.errors(m.errors, t, order: fields),
                Forms.csrf(m.csrf),
                texts("ideology", v.ideology_ky, v.ideology_ru, v.ideology_en),
                texts("recruitment", v.recruitment_ky, v.recruitment_ru, v.recruitment_en),
                texts("recognition", v.recognition_ky, v.recognition_ru, v.recognition_en),
                checkboxes("example_indicator_ids", legend: t("knowledge.field.examples"), hint: t("knowledge.examples_hint"),
                           options: m.indicators.map { (String($0.id ?? 0), "«\($0.value)» · \(t("indicator.mode.\($0.mode)"))") },
                           chosen: v.example_indicator_ids ?? [], error: err("example_indicator_ids"), empty: t("knowledge.no_indicators")),
                checkboxes("symbol_ids", legend: t("knowledge.field.symbols"), hint: nil,
                           options: m.symbols.map { s in
                               (String(s.id ?? 0), s.caption(request.language) + (s.isPublic ? "" : " · " + t("knowledge.symbol_not_public")))
                           },
                           chosen: v.symbol_ids ?? [], error: err("symbol_ids"), empty: t("knowledge.no_symbols")),
                checkboxes("counter_material_ids", legend: t("knowledge.field.counter_materials"), hint: nil,
                           options: m.materials.map { (String($0.id ?? 0), "\($0.title) · \(t("material_status.\($0.status)"))") },
                           chosen: v.counter_material_ids ?? [], error: err("counter_material_ids"), empty: t("list.empty")),
                Forms.textarea("public_sources", label: t("knowledge.field.public_sources"), value: v.public_sources ?? "",
                               error: err("public_sources"), max: 40_000, rows: 4, hint: t("knowledge.sources_hint")),
                checkboxes("public_fields", legend: t("knowledge.public_fields"), hint: t("knowledge.public_fields_hint"),
                           options: publicChoices, chosen: v.public_fields ?? [], error: err("public_fields"), empty: ""),
                area("internal_notes", v.internal_notes, t("knowledge.field.internal_notes")),
                .div(.class("actions"),
                     .button(.type(.submit), .name("submit"), .value("0"), .txt(t("knowledge.save_draft"))),
                     .button(.type(.submit), .name("submit"), .value("1"), .class("primary"), .txt(t("knowledge.save_submit"))))
            )
        )
    }

    /// A group of checkboxes named `name[]`; Forms has no such control, so every value passes through Escape here.
    private static func checkboxes(_ name: String, legend: String, hint: String?, options: [(String, String)],
                                   chosen: [String], error: String?, empty: String) -> Node<HTML.FormContext> {
        var html = "<fieldset class=\"\(error == nil ? "field" : "field invalid")\" id=\"f-\(Escape.attribute(name))\">"
        html += "<legend>\(Escape.text(legend))</legend>"
        if options.isEmpty { html += "<p class=\"empty\">\(Escape.text(empty))</p>" }
        for (value, label) in options {
            html += "<label class=\"check\"><input type=\"checkbox\" name=\"\(Escape.attribute(name))[]\" value=\"\(Escape.attribute(value))\""
            html += chosen.contains(value) ? " checked>" : ">"
            html += " \(Escape.text(label))</label>"
        }
        if let hint { html += "<small class=\"hint\">\(Escape.text(hint))</small>" }
        if let error { html += "<p class=\"error\" id=\"e-\(Escape.attribute(name))\">\(Escape.text(error))</p>" }
        return .raw(html + "</fieldset>")
    }
}
