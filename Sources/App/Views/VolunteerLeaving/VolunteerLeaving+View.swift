import Plot
import Vapor

extension VolunteerLeaving {
    /// `section#volunteer-leaving`, or nothing for an erased record (there is nothing left to keep).
    static func section(_ volunteer: Volunteer, csrf: String, request: Request) -> Node<HTML.BodyContext> {
        let m = Model(volunteer, csrf: csrf, request: request)
        guard !m.erased else { return .empty }
        let t = request.t
        if let leftOn = m.leftOn {
            return .section(
                .id("volunteer-leaving"), .attr("data-left-on", leftOn),
                .h2(.txt(t("volunteer.leave.title"))),
                .p(.id("left-on"), .txt(t("volunteer.leave.left_on", ["day": leftOn]))),
                .unwrap(m.erasureDay) { .p(.class("hint"), .txt(t("volunteer.leave.erasure", ["day": $0]))) },
                .if(m.canEdit, .form(
                    .method(.post), .attr("action", "/volunteers/\(m.volunteerID)/leave/undo"), .class("inline"),
                    Forms.csrf(m.csrf),
                    .button(.type(.submit), .id("leave-undo"), .txt(t("volunteer.leave.undo"))),
                    .p(.class("hint"), .txt(t("volunteer.leave.undo_hint"))))))
        }
        guard m.canEdit else { return .empty }
        return .section(
            .id("volunteer-leaving"),
            .h2(.txt(t("volunteer.leave.title"))),
            .form(
                .method(.post), .attr("action", "/volunteers/\(m.volunteerID)/leave"), .class("form"), .id("leave-form"),
                Forms.csrf(m.csrf),
                Forms.text("left_on", label: t("volunteer.leave.day"), value: m.today, error: nil, required: true,
                           max: 10, type: "date",
                           hint: t("volunteer.leave.hint", ["days": String(m.retainDays)])),
                .button(.type(.submit), .txt(t("volunteer.leave.submit")))))
    }
}
