import Plot
import Vapor

extension MaterialIndex {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let q = m.query
        return .div(
            .id("materials"),
            .div(.class("title-row"), .h1(.txt(t("material.list.title"))),
                 .if(m.canCreate, .div(.class("actions"),
                     .a(.class("button primary"), .id("new-material"), .href("/materials/new"), .txt(t("material.new"))),
                     .a(.class("button"), .id("upload-material"), .href("/materials/upload"), .txt(t("material.upload")))))),
            MaterialTabs.nav(.materials, request: request),
            .form(
                .method(.get), .action("/materials"), .class("filters"), .id("material-filters"),
                Forms.text("q", label: t("filter.search"), value: q.q, error: nil, max: ListQuery.searchMax, type: "search"),
                Forms.select("kind", label: t("material.kind"),
                             options: CounterMaterialKind.allCases.map { ($0.rawValue, t("material_kind.\($0.rawValue)")) },
                             selected: q["kind"], error: nil, includeBlank: true),
                .if(m.statuses.count > 1, Forms.select(
                    "status", label: t("material.status"),
                    options: m.statuses.map { ($0.rawValue, t("material_status.\($0.rawValue)")) },
                    selected: q["status"], error: nil, includeBlank: true)),
                Forms.select("language", label: t("material.language"),
                             options: DistributionLists.languageCodes.map { ($0, t("material_language.\($0)")) },
                             selected: q["language"], error: nil, includeBlank: true),
                .button(.type(.submit), .txt(t("filter.apply"))),
                .a(.href("/materials"), .class("clear"), .txt(t("list.filter.clear")))),
            FilterErrors.banner(q, request: request),
            !q.isValid ? FilterErrors.emptyBecauseRefused(request: request)
                : m.materials.isEmpty ? .p(.class("empty"), .txt(t("list.empty"))) : .div(.class("table-scroll"), .table(
                .class("list"), .id("materials-table"),
                .thead(.tr(.th(.txt(t("material.title"))), .th(.txt(t("material.kind"))), .th(.txt(t("material.languages"))),
                           .th(.txt(t("material.status"))), .if(m.canApprove, .th(.txt(t("material.actions")))))),
                .tbody(.forEach(m.materials) { mat in
                    .tr(.attr("data-item", String(mat.id ?? 0)),
                        .td(.txt(mat.title), .unwrap(mat.url) { .small(.class("muted block wrap"), .txt($0)) },
                            .unwrap(mat.sha256) { .small(.class("muted block wrap"), .code(.txt("sha256:" + $0))) }),
                        .td(.txt(t("material_kind.\(mat.kind)"))),
                        .td(.txt(languageNames(mat.languages, t))),
                        .td(.span(.class("badge " + mat.status), .txt(t("material_status.\(mat.status)")))),
                        .if(m.canApprove, .td(statusButtons(mat, m.csrf, back: request.url.string, t))))
                })
            )),
            Pager.links(request: request, paging: q.paging, total: m.total)
        )
    }

    /// "ky,ru" as the languages' names; a code outside the list is shown as it is.
    static func languageNames(_ codes: String, _ t: Translator) -> String {
        codes.split(separator: ",").map { code in
            let code = String(code)
            return DistributionLists.languageCodes.contains(code) ? t("material_language.\(code)") : code
        }.joined(separator: ", ")
    }

    private static func statusButtons(_ mat: CounterMaterial, _ csrf: String, back: String,
                                      _ t: Translator) -> Node<HTML.BodyContext> {
        let next: [CounterMaterialStatus] = switch CounterMaterialStatus(rawValue: mat.status) ?? .draft {
        case .draft: [.approved, .retired]
        case .approved: [.retired]
        case .retired: []
        }
        return .forEach(next) { status in
            .form(.method(.post), .attr("action", "/materials/\(mat.id ?? 0)/status"), .class("inline"),
                  Forms.csrf(csrf), .input(.type(.hidden), .name("status"), .attr("value", status.rawValue)),
                  .input(.type(.hidden), .name("back"), .attr("value", back)),
                  .button(.type(.submit), .txt(t("material.to_\(status.rawValue)"))))
        }
    }
}
