import Fluent
import Plot
import Vapor

enum MaterialIndex {
    struct Row {
        var distribution: Distribution
        var clicks: Int
        var confirmations: Int
        var confirmedByMe: Bool
    }

    struct Model {
        var materials: [CounterMaterial]
        var distributions: [Row]
        var groups: [VolunteerGroup]
        var canCreate: Bool
        var canApprove: Bool
        var canDistribute: Bool
        var canConfirm: Bool
        var values: [String: String]
        var errors: [String: AppError]
        var csrf: String
    }

    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        func err(_ f: String) -> String? { m.errors[f]?.text(t) }
        let approved = m.materials.filter { $0.status == CounterMaterialStatus.approved.rawValue }
        return .div(
            .h1(.txt(t("material.list.title"))),
            Forms.summary(m.errors.isEmpty ? nil : t("form.fix_errors")),
            m.materials.isEmpty ? .p(.class("empty"), .txt(t("list.empty"))) : .table(
                .class("list"), .id("materials-table"),
                .thead(.tr(.th(.txt(t("material.title"))), .th(.txt(t("material.kind"))), .th(.txt(t("material.languages"))),
                           .th(.txt(t("material.status"))), .if(m.canApprove, .th()))),
                .tbody(.forEach(m.materials) { mat in
                    .tr(.td(.txt(mat.title), .unwrap(mat.url) { .small(.class("muted block"), .txt($0)) },
                            .unwrap(mat.sha256) { .small(.class("muted block"), .code(.txt("sha256:" + $0))) }),
                        .td(.txt(t("material_kind." + mat.kind))), .td(.txt(mat.languages)),
                        .td(.span(.class("badge " + mat.status), .txt(t("material_status." + mat.status)))),
                        .if(m.canApprove, .td(statusButtons(mat, m.csrf, t))))
                })
            ),
            .h2(.txt(t("distribution.list.title"))),
            m.distributions.isEmpty ? .p(.class("empty"), .txt(t("list.empty"))) : .table(
                .class("list"), .id("distributions-table"),
                .thead(.tr(.th(.txt(t("distribution.date"))), .th(.txt(t("material.title"))), .th(.txt(t("distribution.group"))),
                           .th(.txt(t("distribution.link"))), .th(.txt(t("distribution.clicks"))),
                           .th(.txt(t("distribution.confirmations"))), .if(m.canConfirm, .th()))),
                .tbody(.forEach(m.distributions) { row in
                    let d = row.distribution
                    return .tr(.td(.txt(d.distributedOn)), .td(.txt(d.material.title)),
                               .td(.txt(d.group?.name ?? d.channel ?? "—")), .td(.code(.txt("/l/" + d.code))),
                               .td(.text(String(row.clicks))), .td(.text(String(row.confirmations))),
                               .if(m.canConfirm, .td(row.confirmedByMe ? .txt(t("distribution.shared")) :
                                    .form(.method(.post), .attr("action", "/distributions/\(d.id ?? 0)/confirm"), .class("inline"),
                                          Forms.csrf(m.csrf), .button(.type(.submit), .txt(t("distribution.confirm")))))))
                })
            ),
            .if(m.canCreate, .section(
                .h2(.txt(t("material.new"))),
                .form(.method(.post), .action("/materials"), .class("form"),
                      Forms.csrf(m.csrf),
                      Forms.text("title", label: t("material.title"), value: m.values["title"] ?? "", error: err("title"),
                                 required: true, max: 300),
                      Forms.select("kind", label: t("material.kind"),
                                   options: CounterMaterialKind.allCases.map { ($0.rawValue, t("material_kind." + $0.rawValue)) },
                                   selected: m.values["kind"] ?? "video", error: err("kind"), required: true),
                      Forms.text("languages", label: t("material.languages"), value: m.values["languages"] ?? "ky,ru",
                                 error: err("languages"), max: 50, hint: t("material.languages_hint")),
                      Forms.text("topics", label: t("material.topics"), value: m.values["topics"] ?? "", error: err("topics"), max: 500),
                      Forms.text("url", label: t("material.url"), value: m.values["url"] ?? "", error: err("url"),
                                 required: true, max: 2000),
                      .button(.type(.submit), .class("primary"), .txt(t("action.save")))),
                .h2(.txt(t("material.upload"))),
                .form(.method(.post), .action("/materials/files"), .class("form"), .enctype(.multipartData),
                      Forms.csrf(m.csrf),
                      Forms.text("title", label: t("material.title"), value: "", error: err("title"), required: true, max: 300),
                      Forms.text("languages", label: t("material.languages"), value: "ky,ru", error: err("languages"), max: 50),
                      Forms.text("topics", label: t("material.topics"), value: "", error: err("topics"), max: 500),
                      Forms.text("file", label: t("material.file"), value: "", error: err("file"), required: true, max: 1000,
                                 type: "file", hint: t("material.file_hint")),
                      .button(.type(.submit), .class("primary"), .txt(t("material.upload"))))
            )),
            .if(m.canDistribute && !approved.isEmpty, .section(
                .h2(.txt(t("distribution.new"))),
                .form(.method(.post), .action("/distributions"), .class("form"),
                      Forms.csrf(m.csrf),
                      Forms.select("material_id", label: t("material.title"),
                                   options: approved.map { (String($0.id ?? 0), $0.title) }, selected: m.values["material_id"] ?? "",
                                   error: err("material_id"), required: true),
                      Forms.select("group_id", label: t("distribution.group"),
                                   options: m.groups.map { (String($0.id ?? 0), $0.name) }, selected: m.values["group_id"] ?? "",
                                   error: err("group_id"), required: true),
                      Forms.text("distributed_on", label: t("distribution.date"), value: m.values["distributed_on"] ?? "",
                                 error: err("distributed_on"), required: true, max: 10, type: "date"),
                      .button(.type(.submit), .class("primary"), .txt(t("distribution.record"))))
            ))
        )
    }

    private static func statusButtons(_ mat: CounterMaterial, _ csrf: String, _ t: Translator) -> Node<HTML.BodyContext> {
        let next: [CounterMaterialStatus] = switch CounterMaterialStatus(rawValue: mat.status) ?? .draft {
        case .draft: [.approved, .retired]
        case .approved: [.retired]
        case .retired: []
        }
        return .forEach(next) { status in
            .form(.method(.post), .attr("action", "/materials/\(mat.id ?? 0)/status"), .class("inline"),
                  Forms.csrf(csrf), .input(.type(.hidden), .name("status"), .attr("value", status.rawValue)),
                  .button(.type(.submit), .txt(t("material.to_\(status.rawValue)"))))
        }
    }
}
