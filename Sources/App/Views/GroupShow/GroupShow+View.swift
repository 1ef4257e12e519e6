import Fluent
import Plot
import Vapor

enum GroupShow {
    struct Model {
        var group: VolunteerGroup
        var members: [Volunteer]
        var candidates: [Volunteer]
        var canEdit: Bool
        var error: String?
        var csrf: String
    }

    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        return .div(
            .h1(.txt(m.group.name)),
            .p(.txt(t("messenger." + m.group.messenger)), .text(" · "),
               .txt(t("group.member_count", ["n": String(m.members.count)]))),
            .if(m.members.count > VolunteerGroup.recommendedMaximum,
                .div(.class("alert"), .id("group-too-large"),
                     .txt(t("group.warning_size", ["n": String(m.members.count), "max": String(VolunteerGroup.recommendedMaximum)])))),
            .ul(.forEach(m.members) { .li(.txt($0.name), .text(" "), .span(.class("muted"), .txt($0.district))) }),
            .if(m.canEdit, .form(
                .method(.post), .attr("action", "/groups/\(m.group.id ?? 0)/members"), .class("form"),
                Forms.csrf(m.csrf),
                Forms.select("volunteer_id", label: t("group.add_member"),
                             options: m.candidates.map { (String($0.id ?? 0), $0.name) }, selected: "",
                             error: m.error, required: true, includeBlank: true),
                .button(.type(.submit), .txt(t("group.add"))))
            )
        )
    }
}
