import Plot
import Vapor

extension PersonalData {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let e = m.export
        return .div(
            .id("personal-data"), .attr("data-volunteer", String(e.volunteerID)),
            .if(!m.selfService, .p(.class("breadcrumb"),
                                   .a(.href("/volunteers/\(e.volunteerID)"),
                                      .txt(e.name ?? t("volunteer.erased_name", ["id": String(e.volunteerID)]))))),
            .div(.class("title-row"), .h1(.txt(t("personal_data.title"))),
                 .a(.class("button"), .id("personal-data-json"), .attr("href", "\(m.base)/data.json"),
                    .txt(t("personal_data.download_json")))),
            .p(.class("hint"), .txt(t(m.selfService ? "personal_data.intro_self" : "personal_data.intro_staff"))),
            .if(e.erasedAt != nil, .p(.class("notice"), .id("personal-data-erased"),
                                      .txt(t("personal_data.erased", ["at": e.erasedAt ?? ""])))),
            record(e, t),
            .section(.id("personal-data-groups"), .h2(.txt(t("volunteer.groups"))),
                     list(e.groups.map { "\($0.name)" + ($0.joinedAt.map { " — \($0)" } ?? "") }, t)),
            .section(.id("personal-data-trainings"), .h2(.txt(t("personal_data.trainings"))),
                     list(e.trainings.map { "\($0.heldOn) — \(t("training_kind.\($0.kind)")): \($0.topic) (\($0.place))" }, t)),
            .section(.id("personal-data-distributions"), .h2(.txt(t("personal_data.distributions"))),
                     list(e.distributionsConfirmed.map { "\($0.distributedOn) — \($0.material)" }, t),
                     .p(.class("hint"), .txt(t("personal_data.clicks_not_personal")))),
            tips(e, t),
            .section(.id("personal-data-invitations"), .h2(.txt(t("personal_data.invitations"))),
                     list(e.invitations.map {
                         t("personal_data.invitation_line", ["made": $0.createdAt, "until": $0.expiresAt,
                                                             "used": $0.usedAt ?? "—"])
                     }, t)),
            .section(.id("personal-data-erasures"), .h2(.txt(t("personal_data.erasure_requests"))),
                     list(e.erasureRequests.map {
                         "№\($0.id) — \($0.requestedAt): \(t("erasure_request.state.\($0.state)"))"
                     }, t),
                     .if(m.canDecide && e.erasureRequests.contains { $0.state == "pending" },
                         .p(.a(.href("/erasure-requests"), .txt(t("erasure_request.list.title")))))),
            .section(.id("personal-data-use"), .h2(.txt(t("personal_data.use.title"))),
                     .p(.txt(t("personal_data.use.purpose"))), .p(.txt(t("personal_data.use.who"))),
                     .p(.txt(t("personal_data.use.sealed"))), .p(.txt(t("personal_data.use.kept"))),
                     .p(.txt(t("personal_data.use.rights")))),
            .if(m.canAsk, askForm(m, t))
        )
    }

    static func notLinked(request: Request) -> Node<HTML.BodyContext> {
        .div(.id("personal-data"), .h1(.txt(request.t("personal_data.title"))),
             .p(.class("empty"), .txt(request.t("personal_data.not_linked"))))
    }

    private static func record(_ e: PersonalDataExport, _ t: Translator) -> Node<HTML.BodyContext> {
        .section(
            .id("personal-data-record"), .h2(.txt(t("personal_data.record"))),
            .dl(.class("facts"),
                .dt(.txt(t("volunteer.name"))), .dd(.id("pd-name"), .txt(e.name ?? "—")),
                .dt(.txt(t("volunteer.contact"))), .dd(.id("pd-contact"), .txt(e.contact.flatMap { $0.isEmpty ? nil : $0 } ?? "—")),
                .dt(.txt(t("volunteer.region"))), .dd(.txt(e.region ?? "—")),
                .dt(.txt(t("volunteer.district"))), .dd(.txt(e.district.isEmpty ? "—" : e.district)),
                .dt(.txt(t("volunteer.age_band"))), .dd(.txt(e.ageBand)),
                .dt(.txt(t("personal_data.recorded_at"))), .dd(.txt(e.recordedAt ?? "—")),
                .dt(.txt(t("personal_data.left_on"))), .dd(.txt(e.leftOn ?? "—")),
                .dt(.txt(t("personal_data.login"))), .dd(.id("pd-login"), .txt(e.login ?? "—"))))
    }

    private static func tips(_ e: PersonalDataExport, _ t: Translator) -> Node<HTML.BodyContext> {
        .section(
            .id("personal-data-tips"), .h2(.txt(t("personal_data.tips"))),
            e.tips.isEmpty ? .p(.class("empty"), .txt(t("personal_data.none"))) : .ul(.forEach(e.tips) { tip in
                .li(.attr("data-tip", String(tip.id)),
                    .strong(.txt("№\(tip.id)")), .text(" "),
                    .span(.class("when"), .txt(tip.sentAt ?? "")), .text(" "),
                    .span(.class("badge \(tip.status)"), .txt(t("tip_status.\(tip.status)"))),
                    // Shown as text, never as links: a reported address is suspect by definition.
                    .forEach(tip.urls) { .div(.code(.class("tracked-url"), .txt($0))) },
                    .if(!tip.comment.isEmpty, .p(.txt(tip.comment))),
                    .unwrap(tip.contact) { .p(.txt(t("personal_data.tip_contact", ["contact": $0]))) })
            }))
    }

    private static func list(_ lines: [String], _ t: Translator) -> Node<HTML.BodyContext> {
        lines.isEmpty ? .p(.class("empty"), .txt(t("personal_data.none"))) : .ul(.forEach(lines) { .li(.txt($0)) })
    }

    private static func askForm(_ m: Model, _ t: Translator) -> Node<HTML.BodyContext> {
        .section(
            .id("personal-data-erase"), .h2(.txt(t("personal_data.ask.title"))),
            .p(.txt(t("personal_data.ask.explain"))),
            .form(.method(.post), .attr("action", "\(m.base)/erasure"), .class("form"), .id("erasure-form"),
                  Forms.errors(m.errors, t, order: ["reason"]),
                  Forms.csrf(m.csrf),
                  Forms.textarea("reason", label: t("personal_data.ask.reason"), value: m.values["reason"] ?? "",
                                 error: m.errors["reason"]?.text(t), max: ErasureRequest.maxText, rows: 3),
                  .button(.type(.submit), .class("danger"), .txt(t("personal_data.ask.submit")))))
    }
}
