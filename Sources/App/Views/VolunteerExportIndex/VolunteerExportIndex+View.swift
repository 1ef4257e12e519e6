import Plot
import Vapor

extension VolunteerExportIndex {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        return .div(
            .id("volunteer-exports"),
            .p(.class("breadcrumb"), .a(.href("/volunteers"), .txt(t("volunteer.list.title")))),
            .h1(.txt(t("volunteer_export.title"))),
            .p(.class("hint"), .txt(t("volunteer_export.intro"))),
            .form(.method(.post), .attr("action", "/volunteer-exports"), .class("form"), .id("volunteer-export-form"),
                  Forms.errors(m.errors, t, order: ["reason"]),
                  Forms.csrf(m.csrf),
                  Forms.textarea("reason", label: t("volunteer_export.reason"), value: m.values["reason"] ?? "",
                                 error: m.errors["reason"]?.text(t), max: VolunteerExport.maxReason, rows: 2),
                  .button(.type(.submit), .class("primary"), .txt(t("volunteer_export.ask")))),
            m.rows.isEmpty
                ? .p(.class("empty"), .txt(t("volunteer_export.empty")))
                : .ul(.class("worklist"), .forEach(m.rows) { row(m, $0, t) })
        )
    }

    private static func row(_ m: Model, _ e: VolunteerExport, _ t: Translator) -> Node<HTML.ListContext> {
        let id = e.id ?? 0
        return .li(
            .attr("data-export", String(id)), .attr("data-state", e.state),
            .strong(.txt("№\(id)")), .text(" "),
            .span(.class("badge \(e.state)"), .txt(t("volunteer_export.state.\(e.state)"))),
            .span(.class("facts"),
                  .span(.class("when"), .txt(Formats.dateTime(e.requestedAt))),
                  .span(.class("value"), .txt(t("erasure_request.asked_by", ["user": m.usernames[e.requestedBy] ?? "—"]))),
                  .unwrap(e.rows) { .span(.class("value"), .txt(t("volunteer_export.rows", ["n": String($0)]))) }),
            .p(.class("reason"), .txt(e.reason)),
            .if(m.canDecide(e), .group(
                .form(.method(.post), .attr("action", "/volunteer-exports/\(id)/approve"), .class("inline"),
                      Forms.csrf(m.csrf), .button(.type(.submit), .class("primary"), .txt(t("volunteer_export.approve")))),
                .form(.method(.post), .attr("action", "/volunteer-exports/\(id)/decline"), .class("inline"),
                      Forms.csrf(m.csrf), .button(.type(.submit), .txt(t("volunteer_export.decline")))))),
            .if(m.canDownload(e),
                .form(.method(.post), .attr("action", "/volunteer-exports/\(id)/download"), .class("inline"),
                      Forms.csrf(m.csrf), .button(.type(.submit), .class("primary"), .txt(t("volunteer_export.download")))))
        )
    }
}
