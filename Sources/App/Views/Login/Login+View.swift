import Plot

enum LoginView {
    struct Model {
        var username: String
        var next: String
        var error: String?
        var csrf: String
    }

    static func content(_ m: Model, t: Translator) -> Node<HTML.BodyContext> {
        .div(
            .class("login"),
            .h1(.txt(t("login.title"))),
            .p(.class("muted"), .txt(t("login.intro"))),
            Forms.summary(m.error),
            .form(
                .method(.post), .action("/login"), .id("login-form"),
                Forms.csrf(m.csrf),
                .input(.type(.hidden), .name("next"), .attr("value", m.next)),
                Forms.text("username", label: t("login.username"), value: m.username, error: nil, required: true, max: 64),
                Forms.text("password", label: t("login.password"), value: "", error: nil, required: true, max: 200,
                           type: "password"),
                .button(.type(.submit), .class("primary"), .txt(t("login.submit")))
            ),
            // The public can report content without an account; the sign-in page is where they land.
            .p(.class("tip-link"), .txt(t("login.tip_intro")), .text(" "), .a(.id("tip-link"), .href("/tip"), .txt(t("login.tip_link"))))
        )
    }
}
