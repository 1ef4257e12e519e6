import Detection
import Plot
import Vapor

extension IndicatorIndex {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let rows: Node<HTML.TableContext> = .tbody(.forEach(m.rows) { row in
            .tr(
                .class(row.retired ? "retired" : ""),
                .td(.unwrap(row.organizationID, { .a(.attr("href", "/organizations/\($0)"), .txt(row.organizationName)) },
                            else: .text("—"))),
                .td(.txt(t("indicator.mode.\(row.mode)"))),
                .td(.txt(row.language.isEmpty ? "—" : row.language)),
                .td(.code(.txt(row.value))),
                .td(.txt(weightText(row.weight))),
                .td(.txt(t(row.retired ? "indicator.state.retired" : "indicator.state.active"))),
                .td(.if(m.canEdit && !row.retired, .group(
                    .a(.attr("href", "/indicators/\(row.id)/edit"), .txt(t("indicator.edit"))),
                    .text(" "),
                    .form(.method(.post), .attr("action", "/indicators/\(row.id)/retire"), .class("inline"),
                          Forms.csrf(m.csrf), .button(.type(.submit), .txt(t("indicator.retire"))))
                )))
            )
        })
        return .div(
            .div(.class("title-row"),
                 .h1(.txt(t("indicator.list.title"))),
                 .if(m.canEdit, .group(
                    .a(.class("button primary"), .href("/indicators/new"), .txt(t("indicator.new"))),
                    .a(.class("button"), .href("/indicators/import"), .txt(t("indicator.import.title")))))),
            .p(.class("hint"), .txt(t("indicator.explain"))),
            .form(
                .method(.get), .action("/indicators"), .class("filters"),
                Forms.text("q", label: t("filter.search"), value: m.filters.q, error: nil, max: 200),
                Forms.select("organization_id", label: t("indicator.organization"),
                             options: m.organizations.map { (String($0.id), $0.name) },
                             selected: m.filters.organization.map(String.init) ?? "", error: nil, includeBlank: true),
                Forms.select("mode", label: t("indicator.mode"),
                             options: IndicatorMode.allCases.map { ($0.rawValue, t("indicator.mode.\($0.rawValue)")) },
                             selected: m.filters.mode, error: nil, includeBlank: true),
                Forms.text("language", label: t("indicator.language"), value: m.filters.language, error: nil, max: 8),
                Forms.select("state", label: t("indicator.state"),
                             options: ["active", "retired"].map { ($0, t("indicator.state.\($0)")) },
                             selected: m.filters.state, error: nil, includeBlank: true),
                .button(.type(.submit), .txt(t("filter.apply")))
            ),
            m.rows.isEmpty
                ? .p(.class("empty"), .txt(t("list.empty")))
                : .table(
                    .class("list"), .id("indicators-table"),
                    .thead(.tr(.th(.txt(t("indicator.organization"))), .th(.txt(t("indicator.mode"))),
                               .th(.txt(t("indicator.language"))), .th(.txt(t("indicator.value"))),
                               .th(.txt(t("indicator.weight"))), .th(.txt(t("indicator.state"))), .th())),
                    rows
                ),
            Pager.links(request: request, paging: m.paging, total: m.total)
        )
    }
}

extension IndicatorIndex {
    /// 1, 2.5: no trailing zeros.
    static func weightText(_ weight: Double) -> String {
        weight == weight.rounded() ? String(Int(weight)) : String(format: "%.2g", weight)
    }
}
