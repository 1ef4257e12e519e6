import Plot
import Vapor

extension ErasureRequestIndex {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        return .div(
            .id("erasure-requests"),
            .h1(.txt(t("erasure_request.list.title"))),
            .p(.class("hint"), .txt(t("erasure_request.list.intro"))),
            Forms.errors(m.errors, t, order: ["note"]),
            m.rows.isEmpty
                ? .p(.class("empty"), .txt(t("erasure_request.list.empty")))
                : .ul(.class("worklist"), .forEach(m.rows) { row(m, $0, t) })
        )
    }

    private static func row(_ m: Model, _ row: Row, _ t: Translator) -> Node<HTML.ListContext> {
        let r = row.opened.request
        let id = r.id ?? 0
        return .li(
            .attr("data-request", String(id)),
            .a(.href("/volunteers/\(r.volunteerID)/data"), .txt(row.volunteerName)),
            .span(.class("facts"),
                  .span(.class("when"), .txt(Formats.dateTime(r.requestedAt))),
                  .span(.class("value"), .txt(t("erasure_request.asked_by",
                                                ["user": r.requestedBy.flatMap { m.usernames[$0] } ?? "—"])))),
            .if(!row.opened.reason.isEmpty, .p(.class("reason"), .txt(row.opened.reason))),
            .p(.class("hint"), .txt(t("erasure_request.keeps_counts"))),
            .form(.method(.post), .attr("action", "/erasure-requests/\(id)/confirm"), .class("inline"),
                  Forms.csrf(m.csrf),
                  .button(.type(.submit), .class("danger"), .txt(t("erasure_request.confirm")))),
            .form(.method(.post), .attr("action", "/erasure-requests/\(id)/decline"), .class("form"),
                  Forms.csrf(m.csrf),
                  Forms.textarea("note", label: t("erasure_request.note"), value: "", error: nil,
                                 max: ErasureRequest.maxText, rows: 2),
                  .button(.type(.submit), .txt(t("erasure_request.decline"))))
        )
    }
}
