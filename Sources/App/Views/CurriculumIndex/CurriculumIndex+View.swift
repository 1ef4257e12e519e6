import Plot
import Vapor

extension CurriculumIndex {
    /// A multiple choice; every label escaped.
    /// `suffix` keeps the element id unique where a page repeats the form (one per session).
    static func picker(_ name: String, label: String, _ options: [(id: Int, label: String)], error: String?,
                       suffix: String = "") -> String {
        var html = "<div class=\"field\"><label for=\"f-\(name)\(suffix)\">\(Escape.attribute(label))</label>"
        html += "<select name=\"\(name)[]\" id=\"f-\(name)\(suffix)\" multiple size=\"5\">"
        for option in options { html += "<option value=\"\(option.id)\">\(Escape.attribute(option.label))</option>" }
        html += "</select>"
        if let error { html += "<p class=\"error\" id=\"e-\(name)\">\(Escape.attribute(error))</p>" }
        return html + "</div>"
    }

    static func modulePicker(_ modules: [TrainingModule], _ t: Translator, error: String? = nil, suffix: String = "") -> String {
        picker("module_ids", label: t("curriculum.modules"), modules.map { ($0.id ?? 0, $0.title(t.language)) }, error: error,
               suffix: suffix)
    }

    static func materials(_ m: TrainingModule, _ t: Translator) -> Node<HTML.BodyContext> {
        let list = CurriculumMaterial.list(m.materials)
        return .if(!list.isEmpty, .ul(.class("materials"), .forEach(list) { item in
            if let sha = item.sha256 {
                return .li(.a(.attr("href", "/curriculum/modules/\(m.id ?? 0)/files/\(sha)"), .txt(item.title)))
            }
            // Only http(s) addresses are stored (`CurriculumMaterial.links`).
            return .li(.a(.attr("href", item.url ?? ""), .attr("rel", "noopener noreferrer"), .txt(item.title)))
        }))
    }

    static func moduleList(_ m: Model, _ t: Translator) -> Node<HTML.BodyContext> {
        let lang = t.language
        return m.modules.isEmpty ? .p(.class("empty"), .txt(t("list.empty"))) : .table(
            .class("list"), .id("modules"),
            .thead(.tr(.th(.txt(t("curriculum.module"))), .th(.txt(t("curriculum.audience"))),
                       .th(.txt(t("curriculum.language"))), .th(.txt(t("curriculum.duration"))),
                       .th(.txt(t("curriculum.organizations"))), .th(.txt(t("curriculum.counter_materials"))),
                       .th(.txt(t("curriculum.materials"))))),
            .tbody(.forEach(m.modules) { module in
                let organizations = CurriculumStore.ids(module.organizationIDs).compactMap { id in
                    m.organizations.first { $0.id == id }?.name(lang)
                }
                let counters = CurriculumStore.ids(module.counterMaterialIDs).compactMap { id in
                    m.counterMaterials.first { $0.id == id }?.title
                }
                return .tr(.id("module-\(module.id ?? 0)"),
                    .td(.txt(module.title(lang))),
                    .td(.txt(t("curriculum_audience.\(module.audience)"))),
                    .td(.txt(Language(rawValue: module.language)?.endonym ?? module.language)),
                    .td(.txt(t("curriculum.minutes", ["n": String(module.durationMinutes)]))),
                    .td(.txt(organizations.joined(separator: "; "))),
                    .td(.txt(counters.joined(separator: "; "))),
                    .td(materials(module, t),
                        .if(m.canUpdate, .details(.summary(.txt(t("curriculum.add_file"))),
                            .form(.method(.post), .attr("action", "/curriculum/modules/\(module.id ?? 0)/files"),
                                  .attr("enctype", "multipart/form-data"), .class("form"),
                                  Forms.csrf(m.csrf),
                                  Forms.text("title", label: t("curriculum.file_title"), value: "", error: nil,
                                             required: true, max: 300),
                                  .raw("<div class=\"field\"><input type=\"file\" name=\"file\" required></div>"),
                                  .button(.type(.submit), .txt(t("action.save"))))))))
            })
        )
    }

    /// Region rows, module columns: people who completed each module, and those not trained for a year.
    static func matrix(_ m: Model, _ t: Translator) -> Node<HTML.BodyContext> {
        let lang = t.language
        let modules = m.trained.modules
        return .table(
            .class("list report"), .id("completion"),
            .thead(.tr(.th(.txt(t("report.col.region"))), .forEach(modules) { .th(.txt($0.title(lang))) },
                       .th(.txt(t("curriculum.untrained"))))),
            .tbody(
                .forEach(m.regions) { region in
                    let id = region.id ?? 0
                    return .tr(.td(.a(.attr("href", "/curriculum?region=\(id)#people"), .txt(region.name(lang)))),
                               .forEach(modules) { .td(.text(String($0.byRegion[id] ?? 0))) },
                               .td(.text(String(m.untrainedCounts[id] ?? 0))))
                },
                .tr(.td(.txt(t("curriculum.no_region"))), .forEach(modules) { .td(.text(String($0.withoutRegion))) },
                    .td(.text(String(m.untrainedCounts[nil] ?? 0)))),
                .tr(.class("total"), .td(.txt(t("report.total"))), .forEach(modules) { .td(.text(String($0.total))) },
                    .td(.text(String(m.untrainedCounts.values.reduce(0, +)))))
            )
        )
    }

    static func people(_ m: Model, _ t: Translator) -> Node<HTML.BodyContext> {
        let lang = t.language
        return .section(
            .id("people"),
            .unwrap(m.region) { region in
                .div(.h2(.txt(t("curriculum.completed_in", ["region": region.name(lang)]))),
                     m.completed.isEmpty ? .p(.class("empty"), .txt(t("list.empty"))) : .table(
                        .class("list"), .id("completed"),
                        .thead(.tr(.th(.txt(t("curriculum.volunteer"))), .th(.txt(t("curriculum.modules"))),
                                   .th(.txt(t("curriculum.last_trained"))))),
                        .tbody(.forEach(m.completed) { p in
                            .tr(.td(.a(.attr("href", "/volunteers/\(p.volunteerID)"), .txt(p.name))),
                                .td(.txt(p.moduleIDs.map { m.moduleTitle($0, lang) }.joined(separator: "; "))),
                                .td(.txt(p.lastTrained ?? "—")))
                        })))
            },
            .h2(.txt(t("curriculum.untrained_title", ["since": m.since]))),
            .p(.class("hint"), .txt(t("curriculum.untrained_hint", ["since": m.since]))),
            m.untrained.isEmpty ? .p(.class("empty"), .txt(t("list.empty"))) : .table(
                .class("list"), .id("untrained"),
                .thead(.tr(.th(.txt(t("curriculum.volunteer"))), .th(.txt(t("report.col.region"))),
                           .th(.txt(t("curriculum.last_trained"))))),
                .tbody(.forEach(m.untrained) { p in
                    .tr(.td(.a(.attr("href", "/volunteers/\(p.volunteerID)"), .txt(p.name))),
                        .td(.txt(m.regionName(p.regionID, lang))),
                        .td(.txt(p.lastTrained ?? t("curriculum.never"))))
                }))
        )
    }

    static func form(_ m: Model, _ t: Translator) -> Node<HTML.BodyContext> {
        func err(_ f: String) -> String? { m.errors[f]?.text(t) }
        let lang = t.language
        return .section(
            .h2(.txt(t("curriculum.new_module"))),
            .form(.method(.post), .action("/curriculum/modules"), .class("form"),
                  Forms.csrf(m.csrf),
                  Forms.errors(m.errors, t, order: ["title_ky", "title_ru", "title_en", "audience", "language",
                                                    "duration_minutes", "organization_ids", "counter_material_ids", "links"]),
                  Forms.text("title_ky", label: t("curriculum.title_ky"), value: m.values["title_ky"] ?? "",
                             error: err("title_ky"), required: true, max: 300),
                  Forms.text("title_ru", label: t("curriculum.title_ru"), value: m.values["title_ru"] ?? "",
                             error: err("title_ru"), required: true, max: 300),
                  Forms.text("title_en", label: t("curriculum.title_en"), value: m.values["title_en"] ?? "",
                             error: err("title_en"), max: 300),
                  Forms.select("audience", label: t("curriculum.audience"),
                               options: TrainingModuleAudience.allCases.map { ($0.rawValue, t("curriculum_audience.\($0.rawValue)")) },
                               selected: m.values["audience"] ?? "volunteers", error: err("audience"), required: true),
                  Forms.select("language", label: t("curriculum.language"),
                               options: Language.allCases.map { ($0.rawValue, $0.endonym) },
                               selected: m.values["language"] ?? "ky", error: err("language"), required: true),
                  Forms.text("duration_minutes", label: t("curriculum.duration_minutes"),
                             value: m.values["duration_minutes"] ?? "90", error: err("duration_minutes"), required: true,
                             max: 4, type: "number"),
                  .raw(picker("organization_ids", label: t("curriculum.organizations"),
                              m.organizations.map { ($0.id ?? 0, $0.name(lang)) }, error: err("organization_ids"))),
                  .raw(picker("counter_material_ids", label: t("curriculum.counter_materials"),
                              m.counterMaterials.map { ($0.id ?? 0, $0.title) }, error: err("counter_material_ids"))),
                  Forms.textarea("links", label: t("curriculum.links"), value: m.values["links"] ?? "", error: err("links"),
                                 max: 50_000, rows: 3, hint: t("curriculum.links_hint")),
                  .button(.type(.submit), .class("primary"), .txt(t("action.save"))))
        )
    }

    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        return .div(
            .h1(.txt(t("curriculum.title"))),
            .p(.a(.href("/trainings"), .txt(t("training.list.title")))),
            // A refused file upload comes back here; its fields are not the module form's.
            .if(m.errors["file"] != nil || m.errors["title"] != nil, Forms.errors(m.errors, t)),
            .h2(.txt(t("curriculum.modules"))),
            moduleList(m, t),
            .h2(.txt(t("curriculum.completion"))),
            .p(.class("hint"), .txt(t("curriculum.completion_hint"))),
            matrix(m, t),
            people(m, t),
            .if(m.canCreate, form(m, t))
        )
    }
}
