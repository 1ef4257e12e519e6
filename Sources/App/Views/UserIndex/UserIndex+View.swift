import KaiguulCore
import Plot
import Vapor

extension UserIndex {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        func err(_ f: String) -> String? { m.errors[f]?.text(t) }
        return .div(
            .h1(.txt(t("user.list.title"))),
            .unwrap(m.revealed) { r in
                .div(.class("notice"), .attr("role", "status"),
                     .p(.txt(t("user.password_once", ["username": r.username]))),
                     .pre(.class("secret"), .txt(r.password)),
                     .p(.txt(t("user.password_expires", ["hours": String(Int(Passwords.oneTimeLifetime / 3600))]))))
            },
            .if(m.canManage && !m.pending.isEmpty, pendingSection(m, t: t)),
            .table(
                .class("list"),
                .thead(.tr(.th(.txt(t("user.username"))), .th(.txt(t("user.display_name"))), .th(.txt(t("user.role"))),
                           .th(.txt(t("user.state"))), .th(.txt(t("user.last_login"))), .th())),
                .tbody(.forEach(m.users) { u in
                    .tr(.td(.txt(u.username)), .td(.txt(u.displayName)), .td(.txt(t("role." + u.roleRaw))),
                        .td(.txt(u.isAwaitingApproval ? t("user.awaiting_approval")
                                 : u.disabled ? t("user.disabled") : t("user.enabled"))),
                        .td(.txt(u.lastLoginAt.map(Formats.dateTime) ?? "—")),
                        .td(.if(m.canManage, .group(
                            .form(.method(.post), .attr("action", "/users/\(u.id ?? 0)/\(u.disabled ? "enable" : "disable")"),
                                  .class("inline"), Forms.csrf(m.csrf),
                                  .button(.type(.submit), .txt(u.disabled ? t("user.enable") : t("user.disable")))),
                            .form(.method(.post), .attr("action", "/users/\(u.id ?? 0)/reset-password"), .class("inline"),
                                  Forms.csrf(m.csrf), .button(.type(.submit), .txt(t("user.reset_password"))))
                        ))))
                })
            ),
            Pager.links(request: request, paging: m.paging, total: m.total),
            .if(m.canManage, .section(
                .h2(.txt(t("user.new"))),
                .form(.method(.post), .action("/users"), .class("form"),
                      Forms.csrf(m.csrf),
                      Forms.text("username", label: t("user.username"), value: m.values["username"] ?? "",
                                 error: err("username"), required: true, max: 64, hint: t("user.username_hint")),
                      Forms.text("display_name", label: t("user.display_name"), value: m.values["display_name"] ?? "",
                                 error: err("display_name"), max: 200),
                      Forms.select("role", label: t("user.role"),
                                   options: Role.allCases.map { ($0.rawValue, t("role." + $0.rawValue)) },
                                   selected: m.values["role"] ?? "analyst", error: err("role"), required: true),
                      .button(.type(.submit), .class("primary"), .txt(t("user.create"))))
            ))
        )
    }

    /// The accounts a second admin must approve or refuse (`AccountApproval`).
    static func pendingSection(_ m: Model, t: Translator) -> Node<HTML.BodyContext> {
        .section(
            .id("pending"),
            .h2(.txt(t("user.pending.title"))),
            .p(.txt(t("user.pending.hint"))),
            .table(
                .class("list"),
                .thead(.tr(.th(.txt(t("user.username"))), .th(.txt(t("user.role"))),
                           .th(.txt(t("user.pending.change"))), .th(.txt(t("user.pending.requested_by"))),
                           .th(.txt(t("user.pending.requested_at"))), .th())),
                .tbody(.forEach(m.pending) { u in
                    let own = u.approvalRequestedBy != nil && u.approvalRequestedBy == m.viewerID
                    let change = AccountApproval.Change(rawValue: u.approvalPending ?? "") ?? .create
                    return .tr(
                        .td(.txt(u.username)), .td(.txt(t("role.\(u.roleRaw)"))),
                        .td(.txt(t("user.pending.change.\(change.rawValue)"))),
                        .td(.txt(u.approvalRequestedLabel ?? "—")),
                        .td(.txt(u.approvalRequestedAt.map(Formats.dateTime) ?? "—")),
                        .td(
                            .if(own, .span(.class("muted"), .txt(t("user.pending.own")))),
                            .if(!own, .form(.method(.post), .attr("action", "/users/\(u.id ?? 0)/approve"),
                                            .class("inline"), Forms.csrf(m.csrf),
                                            .button(.type(.submit), .txt(t("user.pending.approve"))))),
                            .form(.method(.post), .attr("action", "/users/\(u.id ?? 0)/refuse"), .class("inline"),
                                  Forms.csrf(m.csrf), .button(.type(.submit), .txt(t("user.pending.refuse"))))
                        )
                    )
                })
            )
        )
    }
}
