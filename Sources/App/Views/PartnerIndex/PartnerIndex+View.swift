import KaiguulCore
import Plot
import Vapor

extension PartnerIndex {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        return .div(
            .id("partners"),
            .h1(.txt(t("sharing.partners.title"))),
            .p(.class("muted"), .txt(t("sharing.partners.intro"))),
            .if(m.canSeeRules, .p(.a(.href("/sharing"), .txt(t("sharing.rules.title"))))),
            .if(m.partners.isEmpty, .p(.class("muted"), .txt(t("sharing.partners.none")))),
            .if(!m.partners.isEmpty, .table(
                .class("list"),
                .thead(.tr(.th(.txt(t("sharing.partner.name"))), .th(.txt(t("sharing.partner.kind"))),
                           .th(.txt(t("sharing.partner.contact"))), .th(.txt(t("sharing.partner.state"))),
                           .th(.txt(t("sharing.partner.accounts"))), .th(.txt(t("sharing.partner.rules"))), .th())),
                .tbody(.forEach(m.partners) { p in row(p, m, t: t) })
            )),
            .if(m.canManage, createForm(m, t: t))
        )
    }

    static func row(_ p: Row, _ m: Model, t: Translator) -> Node<HTML.TableContext> {
        .tr(
            .id("partner-\(p.id)"), .attr("data-partner", String(p.id)),
            .td(.txt(p.name)),
            .td(.txt(t("partner_kind.\(kind(p.kind))"))),
            .td(.txt(p.contact ?? "—")),
            .td(.span(.class(p.disabled ? "badge warning" : "badge ok"),
                      .txt(p.disabled ? t("sharing.partner.disabled") : t("sharing.partner.enabled")))),
            .td(accounts(p, m, t: t)),
            .td(.txt(String(p.activeRules))),
            .td(.if(m.canManage,
                    .form(.method(.post), .attr("action", "/partners/\(p.id)/\(p.disabled ? "enable" : "disable")"),
                          .class("inline"), Forms.csrf(m.csrf),
                          .button(.type(.submit), .txt(p.disabled ? t("sharing.partner.enable") : t("sharing.partner.disable"))))))
        )
    }

    static func accounts(_ p: Row, _ m: Model, t: Translator) -> Node<HTML.BodyContext> {
        let others = m.partnerAccounts.filter { $0.partnerID != p.id }
        let error = m.values["attach_partner"] == String(p.id) ? m.errors["user_id"]?.text(t) : nil
        return .group(
            .ul(.forEach(p.accounts) { a in
                .li(.attr("data-account", a.username), .txt(a.username), .text(" "),
                    .if(m.canManage, .form(.method(.post), .attr("action", "/partners/\(p.id)/accounts/\(a.id)/detach"),
                                           .class("inline"), Forms.csrf(m.csrf),
                                           .button(.type(.submit), .txt(t("sharing.partner.detach"))))))
            }),
            .if(m.canManage && (!others.isEmpty || error != nil), .form(
                .method(.post), .attr("action", "/partners/\(p.id)/accounts"), .class("inline"),
                Forms.csrf(m.csrf),
                Forms.select("user_id", label: t("sharing.partner.attach_account"),
                             options: others.map { (String($0.id), $0.username + ($0.partnerID == nil ? "" : " *")) },
                             selected: "", error: error),
                .button(.type(.submit), .txt(t("sharing.partner.attach")))
            ))
        )
    }

    static func createForm(_ m: Model, t: Translator) -> Node<HTML.BodyContext> {
        func err(_ f: String) -> String? { m.values["attach_partner"] == nil ? m.errors[f]?.text(t) : nil }
        let fields = ["name", "kind", "contact"]
        return .section(
            .h2(.txt(t("sharing.partner.new"))),
            .p(.class("muted"), .txt(t("sharing.partner.accounts_hint"))),
            .form(.method(.post), .action("/partners"), .class("form"), .id("partner-form"),
                  .if(m.values["attach_partner"] == nil, Forms.errors(m.errors, t, order: fields)),
                  Forms.csrf(m.csrf),
                  Forms.text("name", label: t("sharing.partner.name"), value: m.values["name"] ?? "", error: err("name"),
                             required: true, max: 200),
                  Forms.select("kind", label: t("sharing.partner.kind"),
                               options: PartnerKind.allCases.map { ($0.rawValue, t("partner_kind.\($0.rawValue)")) },
                               selected: m.values["kind"] ?? PartnerKind.stateBody.rawValue, error: err("kind"),
                               required: true),
                  Forms.textarea("contact", label: t("sharing.partner.contact"), value: m.values["contact"] ?? "",
                                 error: err("contact"), max: 1000, rows: 2),
                  .button(.type(.submit), .class("primary"), .txt(t("sharing.partner.create"))))
        )
    }
}
