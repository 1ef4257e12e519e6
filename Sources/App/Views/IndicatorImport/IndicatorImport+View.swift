import Plot
import Vapor

extension IndicatorImport {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        return .div(
            .div(.class("title-row"), .h1(.txt(t("indicator.import.title"))),
                 .a(.class("button"), .href("/indicators"), .txt(t("indicator.list.title")))),
            .p(.class("hint"), .txt(t("indicator.import.explain"))),
            .unwrap(m.preview) { report(request, $0, refused: m.refused) },
            .form(
                .method(.post), .attr("action", "/indicators/import"), .attr("enctype", "multipart/form-data"),
                .class("form"),
                Forms.csrf(m.csrf),
                Forms.textarea("csv", label: t("indicator.import.csv"), value: m.csv, error: m.fileError?.text(t),
                               max: IndicatorImport.maxBytes, rows: 10, hint: t("indicator.import.csv_hint")),
                .div(.class("field"), .label(.for("f-file"), .txt(t("indicator.import.file"))),
                     .input(.type(.file), .name("file"), .id("f-file"), .attr("accept", ".csv,text/csv"))),
                .button(.type(.submit), .name("dry_run"), .value("1"), .txt(t("indicator.import.dry_run"))),
                .text(" "),
                .button(.type(.submit), .class("primary"), .txt(t("indicator.import.run")))
            )
        )
    }

    static func report(_ request: Request, _ preview: IndicatorImportPreview, refused: Bool) -> Node<HTML.BodyContext> {
        let t = request.t
        return .section(
            .class("import-report"), .id("import-report"),
            .h2(.txt(t(refused ? "indicator.import.refused" : "indicator.import.dry_run_title"))),
            .p(.txt(t("indicator.import.counts", ["rows": String(preview.rowsRead),
                                                  "valid": String(preview.additions.count),
                                                  "errors": String(preview.errors.count)]))),
            .if(!preview.errors.isEmpty, .group(
                .h3(.txt(t("indicator.import.errors"))),
                .table(.class("list"), .id("import-errors"),
                       .thead(.tr(.th(.txt(t("indicator.import.row"))), .th(.txt(t("indicator.import.field"))),
                                  .th(.txt(t("indicator.import.problem"))))),
                       .tbody(.forEach(preview.errors.prefix(1000)) { issue in
                           .tr(.td(.txt(issue.row > 0 ? String(issue.row) : t("indicator.import.whole_file"))),
                               .td(.txt(issue.field ?? "—")), .td(.txt(issue.message)))
                       }))
            )),
            .if(!preview.warnings.isEmpty, .group(
                .h3(.txt(t("indicator.import.warnings"))),
                .ul(.forEach(preview.warnings.prefix(1000)) { .li(.txt($0.description)) })
            )),
            .if(!preview.additions.isEmpty, .group(
                .h3(.txt(t("indicator.import.would_add"))),
                .table(.class("list"), .id("import-additions"),
                       .thead(.tr(.th(.txt(t("indicator.import.row"))), .th(.txt(t("indicator.organization"))),
                                  .th(.txt(t("indicator.mode"))), .th(.txt(t("indicator.language"))),
                                  .th(.txt(t("indicator.value"))), .th(.txt(t("indicator.weight"))))),
                       .tbody(.forEach(preview.additions.prefix(1000)) { addition in
                           .tr(.td(.txt(String(addition.row))), .td(.txt(addition.organizationName)),
                               .td(.txt(t("indicator.mode.\(addition.indicator.mode.rawValue)"))),
                               .td(.txt(addition.indicator.language ?? "—")), .td(.code(.txt(addition.indicator.text))),
                               .td(.txt(IndicatorIndex.weightText(addition.indicator.weight))))
                       }))
            ))
        )
    }
}
