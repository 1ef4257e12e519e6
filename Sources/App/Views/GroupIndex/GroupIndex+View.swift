import Fluent
import Plot
import Vapor

enum GroupIndex {
    struct Model {
        var groups: [VolunteerGroup]
        var members: [Int: Int]
        var regions: [Region]
        var canCreate: Bool
        var values: [String: String]
        var errors: [String: AppError]
        var csrf: String
    }

    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let lang = request.language
        func err(_ f: String) -> String? { m.errors[f]?.text(t) }
        return .div(
            .h1(.txt(t("group.list.title"))),
            m.groups.isEmpty ? .p(.class("empty"), .txt(t("list.empty"))) : .table(
                .class("list"),
                .thead(.tr(.th(.txt(t("group.name"))), .th(.txt(t("volunteer.region"))), .th(.txt(t("group.messenger"))),
                           .th(.txt(t("group.members"))))),
                .tbody(.forEach(m.groups) { g in
                    let n = m.members[g.id ?? 0] ?? 0
                    return .tr(.td(.a(.attr("href", "/groups/\(g.id ?? 0)"), .txt(g.name))),
                               .td(.txt(g.region?.name(lang) ?? "—")), .td(.txt(t("messenger." + g.messenger))),
                               .td(.text(String(n)), .if(n > VolunteerGroup.recommendedMaximum,
                                                         .span(.class("badge blocked"), .txt(" " + t("group.too_large"))))))
                })
            ),
            .if(m.canCreate, .section(
                .h2(.txt(t("group.new"))),
                .form(.method(.post), .action("/groups"), .class("form"),
                      Forms.csrf(m.csrf),
                      Forms.text("name", label: t("group.name"), value: m.values["name"] ?? "", error: err("name"),
                                 required: true, max: 200),
                      Forms.select("region_id", label: t("volunteer.region"),
                                   options: m.regions.map { (String($0.id ?? 0), $0.name(lang)) },
                                   selected: m.values["region_id"] ?? "", error: err("region_id"), includeBlank: true),
                      Forms.select("messenger", label: t("group.messenger"),
                                   options: Messenger.allCases.map { ($0.rawValue, t("messenger." + $0.rawValue)) },
                                   selected: m.values["messenger"] ?? "telegram", error: err("messenger"), required: true),
                      .button(.type(.submit), .class("primary"), .txt(t("action.save"))))
            ))
        )
    }
}
