import Plot
import Vapor

extension AccountPage {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        func err(_ f: String) -> String? { m.errors[f]?.text(t) }
        return .div(
            .h1(.txt(t("account.title"))),
            .unwrap(m.message) { .div(.class("notice"), .attr("role", "status"), .txt($0)) },
            .p(.txt(m.user.displayName), .text(" · "), .txt(m.user.username), .text(" · "), .txt(t("role." + m.user.roleRaw))),
            .if(m.user.mustChangePassword, .div(.class("alert"), .txt(t("account.must_change")))),
            .section(
                .h2(.txt(t("account.password"))),
                .form(.method(.post), .action("/account/password"), .class("form"),
                      Forms.csrf(m.csrf),
                      Forms.text("current", label: t("account.current_password"), value: "", error: err("current"),
                                 required: true, max: 200, type: "password"),
                      Forms.text("password", label: t("account.new_password"), value: "", error: err("password"),
                                 required: true, max: 200, type: "password", hint: t("account.password_hint")),
                      .button(.type(.submit), .txt(t("action.save"))))
            ),
            .if(m.canCreateTokens, .section(
                .h2(.txt(t("account.tokens"))),
                .unwrap(m.newToken) { token in
                    .div(.class("notice"), .attr("role", "status"), .p(.txt(t("account.token_once"))),
                         .pre(.class("secret"), .id("new-token"), .txt(token)))
                },
                m.tokens.isEmpty ? .p(.class("empty"), .txt(t("list.empty"))) : .table(
                    .class("list"),
                    .thead(.tr(.th(.txt(t("account.token_name"))), .th(.txt(t("account.token_prefix"))),
                               .th(.txt(t("account.token_created"))), .th(.txt(t("account.token_used"))), .th())),
                    .tbody(.forEach(m.tokens) { tok in
                        .tr(.td(.txt(tok.name)), .td(.code(.txt(tok.prefix + "…"))),
                            .td(.txt(tok.createdAt.map(Formats.dateTime) ?? "")),
                            .td(.txt(tok.lastUsedAt.map(Formats.dateTime) ?? "—")),
                            .td(tok.revokedAt != nil ? .txt(t("account.token_revoked")) :
                                .form(.method(.post), .attr("action", "/account/tokens/\(tok.id ?? 0)/revoke"), .class("inline"),
                                      Forms.csrf(m.csrf), .button(.type(.submit), .txt(t("account.token_revoke"))))))
                    })
                ),
                .form(.method(.post), .action("/account/tokens"), .class("form"),
                      Forms.csrf(m.csrf),
                      Forms.text("name", label: t("account.token_name"), value: "", error: err("name"), required: true, max: 100),
                      .button(.type(.submit), .txt(t("account.token_create"))))
            ))
        )
    }
}
