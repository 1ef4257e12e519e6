import Fluent
import Plot
import Vapor

enum TrainingIndex {
    struct Model {
        var trainings: [Training]
        var attendance: [Int: Int]
        /// Names opened and in natural order (`VolunteerLists.all`).
        var volunteers: [ListedVolunteer]
        /// The curriculum, and the modules each listed session teaches.
        var modules: [TrainingModule]
        var sessionModules: [Int: [Int]]
        var regions: [Region]
        var canCreate: Bool
        var values: [String: String]
        var errors: [String: AppError]
        var csrf: String
    }

    /// A multiple choice of volunteers; every label escaped.
    static func volunteerPicker(_ volunteers: [ListedVolunteer], _ t: Translator) -> String {
        var html = "<div class=\"field\"><label>\(Escape.attribute(t("training.volunteers")))</label>"
        html += "<select name=\"volunteer_ids[]\" multiple size=\"8\">"
        for v in volunteers {
            html += "<option value=\"\(v.id)\">\(Escape.attribute(v.name))</option>"
        }
        return html + "</select></div>"
    }

    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let lang = request.language
        func err(_ f: String) -> String? { m.errors[f]?.text(t) }
        func moduleTitles(_ training: Training) -> String {
            (m.sessionModules[training.id ?? 0] ?? []).compactMap { id in m.modules.first { $0.id == id }?.title(lang) }
                .joined(separator: "; ")
        }
        return .div(
            .h1(.txt(t("training.list.title"))),
            .p(.a(.href("/curriculum"), .txt(t("curriculum.title")))),
            m.trainings.isEmpty ? .p(.class("empty"), .txt(t("list.empty"))) : .table(
                .class("list"),
                .thead(.tr(.th(.txt(t("training.held_on"))), .th(.txt(t("training.kind"))), .th(.txt(t("training.topic"))),
                           .th(.txt(t("training.place"))), .th(.txt(t("training.trainers"))), .th(.txt(t("curriculum.modules"))),
                           .th(.txt(t("training.participants"))))),
                .tbody(.forEach(m.trainings) { tr in
                    .tr(.td(.txt(tr.heldOn)), .td(.txt(t("training_kind." + tr.kind))), .td(.txt(tr.topic)),
                        .td(.txt(tr.place)), .td(.txt(tr.trainers)), .td(.txt(moduleTitles(tr))),
                        .td(.text(String(m.attendance[tr.id ?? 0] ?? 0))))
                })
            ),
            .if(m.canCreate && !m.trainings.isEmpty, .section(
                .h2(.txt(t("training.attendance"))),
                .forEach(m.trainings.prefix(20)) { tr in
                    .details(.summary(.txt(tr.heldOn + " · " + tr.topic)),
                             .form(.method(.post), .attr("action", "/trainings/\(tr.id ?? 0)/attendance"), .class("form"),
                                   Forms.csrf(m.csrf), .raw(volunteerPicker(m.volunteers, t)),
                                   Forms.textarea("staff", label: t("training.staff"), value: "", error: err("staff"), max: 20_000,
                                                  rows: 2, hint: t("training.staff_hint")),
                                   .button(.type(.submit), .txt(t("action.save")))),
                             .if(!m.modules.isEmpty,
                                 .form(.method(.post), .attr("action", "/trainings/\(tr.id ?? 0)/modules"), .class("form"),
                                       Forms.csrf(m.csrf), .raw(CurriculumIndex.modulePicker(m.modules, t, suffix: "-\(tr.id ?? 0)")),
                                       .button(.type(.submit), .txt(t("curriculum.add_modules"))))))
                }
            )),
            .if(m.canCreate, .section(
                .h2(.txt(t("training.new"))),
                .form(.method(.post), .action("/trainings"), .class("form"),
                      Forms.csrf(m.csrf),
                      Forms.select("kind", label: t("training.kind"),
                                   options: TrainingKind.allCases.map { ($0.rawValue, t("training_kind." + $0.rawValue)) },
                                   selected: m.values["kind"] ?? "regional_training", error: err("kind"), required: true),
                      Forms.text("held_on", label: t("training.held_on"), value: m.values["held_on"] ?? "", error: err("held_on"),
                                 required: true, max: 10, type: "date"),
                      Forms.text("place", label: t("training.place"), value: m.values["place"] ?? "", error: err("place"),
                                 required: true, max: 300),
                      Forms.text("topic", label: t("training.topic"), value: m.values["topic"] ?? "", error: err("topic"),
                                 required: true, max: 300),
                      Forms.text("trainers", label: t("training.trainers"), value: m.values["trainers"] ?? "",
                                 error: err("trainers"), max: 500),
                      Forms.select("region_id", label: t("volunteer.region"),
                                   options: m.regions.map { (String($0.id ?? 0), $0.name(lang)) },
                                   selected: m.values["region_id"] ?? "", error: err("region_id"), includeBlank: true),
                      .if(!m.modules.isEmpty, .raw(CurriculumIndex.modulePicker(m.modules, t, error: err("module_ids")))),
                      .button(.type(.submit), .class("primary"), .txt(t("action.save"))))
            ))
        )
    }
}
