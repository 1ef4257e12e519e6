import KaiguulCore
import Plot
import Vapor

extension SharingRuleIndex {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        return .div(
            .id("sharing-rules"),
            .h1(.txt(t("sharing.rules.title"))),
            .p(.class("notice"), .txt(t("sharing.rules.nothing_by_default"))),
            .if(m.canSeePartners, .p(.a(.href("/partners"), .txt(t("sharing.partners.title"))))),
            .if(m.rules.isEmpty, .p(.class("muted"), .id("no-rules"), .txt(t("sharing.rules.none")))),
            .if(!m.rules.isEmpty, .table(
                .class("list"),
                .thead(.tr(.th(.txt(t("sharing.rule.title"))), .th(.txt(t("sharing.rule.partner"))),
                           .th(.txt(t("sharing.rule.subject"))), .th(.txt(t("sharing.rule.tlp"))),
                           .th(.txt(t("sharing.rule.collection"))), .th(.txt(t("sharing.rule.created"))),
                           .th(.txt(t("sharing.rule.state"))), .th())),
                .tbody(.forEach(m.rules) { r in row(r, m, request: request) })
            )),
            .if(m.canCreate, createForm(m, t: t))
        )
    }

    static func row(_ r: Row, _ m: Model, request: Request) -> Node<HTML.TableContext> {
        let t = request.t
        let subjectText = t("sharing.subject.\(subjectKind(r.subjectKind))") + ": " + (r.subjectName ?? "#\(r.subjectID)")
        let subject: Node<HTML.BodyContext> = subjectLink(r, request: request)
            .map { .a(.attr("href", $0), .txt(subjectText)) } ?? .txt(subjectText)
        return .tr(
            .id("rule-\(r.id)"), .attr("data-rule", String(r.id)), .attr("data-state", r.revokedAt == nil ? "active" : "revoked"),
            .td(.txt(r.title), .unwrap(r.note) { .p(.class("muted"), .txt($0)) }),
            .td(.txt(r.partner)),
            .td(subject),
            .td(.span(.class("badge tlp-\(r.tlp?.rawValue.replacingOccurrences(of: "+", with: "-") ?? "none")"),
                      .txt(r.tlp?.label ?? "—"))),
            .td(.code(.txt(r.collectionID))),
            .td(.txt(Formats.dateTime(r.createdAt) + (r.createdBy.map { " · " + $0 } ?? ""))),
            .td(.txt(r.revokedAt.map { t("sharing.rule.revoked_at", ["when": Formats.dateTime($0)]) }
                     ?? t("sharing.rule.active"))),
            .td(.if(m.canRevoke && r.revokedAt == nil,
                    .form(.method(.post), .attr("action", "/sharing/rules/\(r.id)/revoke"), .class("inline"),
                          Forms.csrf(m.csrf), .button(.type(.submit), .txt(t("sharing.rule.revoke"))))))
        )
    }

    static func createForm(_ m: Model, t: Translator) -> Node<HTML.BodyContext> {
        func err(_ f: String) -> String? { m.errors[f]?.text(t) }
        let fields = ["partner_id", "subject", "case_id", "tlp", "title", "note"]
        guard !m.partners.isEmpty else {
            return .section(.h2(.txt(t("sharing.rule.new"))), .p(.class("muted"), .txt(t("sharing.rule.no_partner"))))
        }
        return .section(
            .h2(.txt(t("sharing.rule.new"))),
            .form(.method(.post), .action("/sharing/rules"), .class("form"), .id("rule-form"),
                  Forms.errors(m.errors, t, order: fields),
                  Forms.csrf(m.csrf),
                  Forms.select("partner_id", label: t("sharing.rule.partner"),
                               options: m.partners.map { (String($0.id), $0.name) },
                               selected: m.values["partner_id"] ?? "", error: err("partner_id"), required: true),
                  Forms.select("subject", label: t("sharing.rule.subject"), options: m.subjects,
                               selected: m.values["subject"] ?? "", error: err("subject"), required: true),
                  Forms.text("case_id", label: t("sharing.rule.case_number"), value: m.values["case_id"] ?? "",
                             error: err("case_id"), max: 12, type: "number", hint: t("sharing.rule.case_number_hint")),
                  Forms.select("tlp", label: t("sharing.rule.tlp"),
                               options: TLPLevel.allCases.map { ($0.rawValue, $0.label + " — " + t("tlp.\($0.rawValue.replacingOccurrences(of: "+", with: "_"))")) },
                               selected: m.values["tlp"] ?? TLPLevel.amber.rawValue, error: err("tlp"), required: true),
                  Forms.text("title", label: t("sharing.rule.title"), value: m.values["title"] ?? "", error: err("title"),
                             max: 200, hint: t("sharing.rule.title_hint")),
                  Forms.textarea("note", label: t("sharing.rule.note"), value: m.values["note"] ?? "", error: err("note"),
                                 max: 2000, rows: 2, hint: t("sharing.rule.note_hint")),
                  .button(.type(.submit), .class("primary"), .txt(t("sharing.rule.create"))))
        )
    }
}
