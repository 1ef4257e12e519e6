import Plot
import Vapor

extension VolunteerShow {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let lang = request.language
        let v = m.volunteer
        let id = v.id ?? 0
        return .div(
            .id("volunteer"),
            .p(.class("breadcrumb"), .a(.href("/volunteers"), .txt(t("volunteer.list.title")))),
            .div(.class("title-row"), .h1(.txt(m.name)),
                 .if(m.canEdit, .a(.class("button"), .id("edit-volunteer"), .attr("href", "/volunteers/\(id)/edit"),
                                   .txt(t("action.edit"))))),
            .dl(.class("facts"),
                .dt(.txt(t("volunteer.region"))), .dd(.txt(v.region?.name(lang) ?? "—")),
                .dt(.txt(t("volunteer.district"))), .dd(.txt(v.district.isEmpty ? "—" : v.district)),
                .dt(.txt(t("volunteer.age_band"))), .dd(.txt(v.ageBand)),
                contactFact(m, t, id: id),
                .dt(.txt(t("volunteer.groups"))),
                .dd(m.groups.isEmpty ? .txt("—") : .group(m.groups.enumerated().map { i, g in
                    .group(.if(i > 0, .text(", ")), .a(.attr("href", "/groups/\(g.id ?? 0)"), .txt(g.name)))
                }))),
            PersonalDataLinks.volunteerPage(id: id, request: request),
            loginSection(m, t, id: id),
            VolunteerLeaving.section(v, csrf: m.csrf, request: request)
        )
    }

    private static func contactFact(_ m: Model, _ t: Translator, id: Int) -> Node<HTML.DescriptionListContext> {
        switch m.contact {
        case .hidden:
            return .empty
        case .none:
            return .group(.dt(.txt(t("volunteer.contact"))), .dd(.id("volunteer-contact"), .txt("—")))
        case .masked(let mask, let canShow):
            return .group(
                .dt(.txt(t("volunteer.contact"))),
                .dd(.id("volunteer-contact"), .attr("data-contact", "masked"), .span(.txt(mask)),
                    .if(canShow, .form(.method(.post), .attr("action", "/volunteers/\(id)/contact"), .class("inline"),
                                       .id("show-contact"), Forms.csrf(m.csrf),
                                       .button(.type(.submit), .txt(t("contact.show"))))),
                    .if(canShow, .p(.class("hint"), .txt(t("contact.show_hint"))))))
        case .full(let contact):
            return .group(
                .dt(.txt(t("volunteer.contact"))),
                .dd(.id("volunteer-contact"), .attr("data-contact", "full"), .span(.txt(contact)),
                    .p(.class("hint"), .txt(t("contact.shown_logged")))))
        }
    }

    private static func loginSection(_ m: Model, _ t: Translator, id: Int) -> Node<HTML.BodyContext> {
        let linked = m.volunteer.userID != nil
        return .section(
            .id("volunteer-login"),
            .h2(.txt(t("volunteer.login"))),
            linked
                ? .p(.id("login-status"), .attr("data-linked", "yes"),
                     .txt(m.loginName.map { t("volunteer.login.linked_to", ["user": $0]) } ?? t("volunteer.login.linked")))
                : .p(.id("login-status"), .attr("data-linked", "no"), .txt(t("volunteer.login.none"))),
            .if(linked && m.canEdit, .form(
                .method(.post), .attr("action", "/volunteers/\(id)/login/remove"), .class("inline"),
                Forms.csrf(m.csrf), .button(.type(.submit), .txt(t("volunteer.login.unlink"))))),
            .if(!linked && m.canLinkLogin, .form(
                .method(.post), .attr("action", "/volunteers/\(id)/login"), .class("form"), .id("link-login"),
                Forms.errors(m.errors, t, order: ["user_id"]),
                Forms.csrf(m.csrf),
                Forms.select("user_id", label: t("volunteer.login.pick"),
                             options: m.logins.map { (String($0.id ?? 0), "\($0.username) — \($0.displayName)") },
                             selected: "", error: m.errors["user_id"]?.text(t), required: true, includeBlank: true),
                .button(.type(.submit), .class("primary"), .txt(t("volunteer.login.link"))))),
            .if(!linked && m.canEdit, invitationPart(m, t, id: id))
        )
    }

    private static func invitationPart(_ m: Model, _ t: Translator, id: Int) -> Node<HTML.BodyContext> {
        .div(
            .id("invitation"),
            .h3(.txt(t("volunteer.invite.title"))),
            .p(.txt(t("volunteer.invite.explain"))),
            .unwrap(m.invitation) { invitation in
                .div(.class("notice"), .id("invitation-made"),
                     .p(.txt(t("volunteer.invite.code"))),
                     .p(.code(.id("invitation-code"), .txt(invitation.code)), .text(" "),
                        .button(.type(.button), .attr("data-copy", "#invitation-code"), .txt(t("volunteer.invite.copy")))),
                     .p(.txt(t("volunteer.invite.once", ["until": Formats.dateTime(invitation.expiresAt)]))))
            },
            .form(.method(.post), .attr("action", "/volunteers/\(id)/invitation"), .class("inline"),
                  Forms.csrf(m.csrf),
                  .button(.type(.submit), .txt(t(m.invitation == nil ? "volunteer.invite.make" : "volunteer.invite.again"))))
        )
    }
}
