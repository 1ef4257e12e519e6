import Plot
import Vapor

extension VolunteerLink {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        return .div(
            .id("volunteer-link"),
            .h1(.txt(t("volunteer.invite.enter_title"))),
            .unwrap(m.linkedName) { .p(.id("already-linked"), .txt(t("volunteer.invite.already", ["name": $0]))) },
            .if(m.linkedName == nil, .group(
                .p(.txt(t("volunteer.invite.enter_explain"))),
                .form(.method(.post), .action("/volunteer/link"), .class("form"), .id("invitation-form"),
                      Forms.errors(m.errors, t, order: ["code"]),
                      Forms.csrf(m.csrf),
                      Forms.text("code", label: t("volunteer.invite.code_label"), value: m.values["code"] ?? "",
                                 error: m.errors["code"]?.text(t), required: true, max: 64,
                                 hint: t("volunteer.invite.code_hint")),
                      .button(.type(.submit), .class("primary"), .txt(t("volunteer.invite.accept"))))))
        )
    }
}
