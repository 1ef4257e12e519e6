import Plot
import Vapor

extension TipStatusPage {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        return .div(
            .h1(.txt(t("tip_status.title"))),
            .p(.class("muted"), .txt(t("tip_status.intro"))),
            .unwrap(m.error) { .div(.class("alert"), .id("tip-status-error"), .attr("role", "alert"), .txt($0)) },
            .unwrap(m.state) { state in
                .dl(
                    .class("details"), .id("tip-status"), .attr("data-status", state.status.rawValue),
                    .dt(.txt(t("tip_status.reference"))), .dd(.txt(state.reference)),
                    .dt(.txt(t("tip_status.state"))), .dd(.txt(t("tip_status.state.\(state.status.rawValue)"))),
                    .dt(.txt(t("tip_status.received_at"))),
                    .dd(.txt(state.receivedAt.map { Formats.dateTime($0) } ?? "—"))
                )
            },
            // GET: the reference is the only thing sent, and the page can be bookmarked.
            .form(
                .method(.get), .action("/tip/status"), .class("form"), .id("tip-status-form"),
                Forms.text("reference", label: t("tip_status.reference"), value: m.typed, error: nil, required: true,
                           max: 40, hint: t("tip_status.reference_hint")),
                .button(.type(.submit), .class("primary"), .txt(t("tip_status.submit")))
            ),
            .p(.a(.href("/tip"), .txt(t("tip_status.new_tip"))))
        )
    }
}
