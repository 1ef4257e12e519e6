import Foundation
import Plot
import Vapor

extension AuditIndex {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        return .div(
            .h1(.txt(t("audit.title"))),
            .p(.class("muted"), .txt(t("audit.intro"))),
            .unwrap(m.verification) { v in
                v.intact
                    ? .div(.class("notice"), .id("audit-result"), .txt(t("audit.ok", ["rows": String(v.rowCount)])),
                           .text(" "),
                           .txt(v.newest.map {
                               t("audit.checkpoints_ok", ["count": String(v.checkpointsChecked), "seq": String($0.seq)])
                           } ?? t("audit.no_checkpoint")))
                    : .div(.class("alert"), .id("audit-result"), .txt(t("audit.broken")),
                           .ul(.forEach(v.findings.prefix(20)) { .li(.code(.txt($0.description))) }))
            },
            .form(.method(.post), .action("/audit/verify"), .class("inline"), Forms.csrf(m.csrf),
                  .button(.type(.submit), .txt(t("audit.verify")))),
            filters(m, request: request),
            FilterErrors.banner(m.list, request: request),
            !m.list.isValid ? FilterErrors.emptyBecauseRefused(request: request)
                : m.entries.isEmpty ? .p(.class("empty"), .txt(t("list.empty"))) : table(m, t),
            Pager.links(request: request, paging: m.paging, total: m.total)
        )
    }

    static func filters(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        func sorted(_ options: [(value: String, label: String)]) -> [(value: String, label: String)] {
            options.sorted { $0.label.localizedStandardCompare($1.label) == .orderedAscending }
        }
        return .form(
            .method(.get), .action("/audit"), .class("filters"),
            Forms.text("actor", label: t("audit.actor"), value: m.list["actor"], error: nil, max: 100,
                       hint: t("audit.list.actor_hint")),
            Forms.select("action", label: t("audit.action"),
                         options: sorted(knownActions.map { ($0, actionName($0, t)) }), selected: m.list["action"],
                         error: nil, includeBlank: true),
            Forms.select("object", label: t("audit.object"),
                         options: sorted(knownObjects.map { ($0, objectName($0, t)) }), selected: m.list["object"],
                         error: nil, includeBlank: true),
            Forms.text("object_id", label: t("audit.filter.object_id"), value: m.list["object_id"], error: nil, max: 40),
            Forms.text("from", label: t("list.filter.from"), value: m.list["from"], error: nil, max: 10, type: "date"),
            Forms.text("to", label: t("list.filter.to"), value: m.list["to"], error: nil, max: 10, type: "date"),
            .button(.type(.submit), .txt(t("filter.apply")))
        )
    }

    static func table(_ m: Model, _ t: Translator) -> Node<HTML.BodyContext> {
        .table(
            .class("list audit"), .id("audit-table"),
            .thead(.tr(.th(.text("#")), .th(.txt(t("audit.at"))), .th(.txt(t("audit.actor"))), .th(.txt(t("audit.action"))),
                       .th(.txt(t("audit.object"))), .th(.txt(t("audit.details"))), .th(.txt(t("audit.hash"))))),
            .tbody(.forEach(m.entries) { e in
                .tr(.td(.text(String(e.seq))), .td(.txt(Formats.dateTime(e.at))), .td(.txt(AuditorWorklists.machineActors.contains(e.actorLabel)
                           ? t("home.actor.\(e.actorLabel)") : e.actorLabel)),
                    // The stored name stays in the markup for whoever compares with `kaiguul audit verify`.
                    .td(.attr("data-action", e.action), .txt(actionName(e.action, t))),
                    .td(.attr("data-object", e.objectType),
                        .txt(objectName(e.objectType, t) + (e.objectID.map { " #" + $0 } ?? ""))),
                    .td(details(e, t)),
                    .td(.code(.attr("title", e.hash), .txt(String(e.hash.prefix(12))))))
            })
        )
    }

    static func details(_ e: AuditEntry, _ t: Translator) -> Node<HTML.BodyContext> {
        let lines = readableDetails(e.details, objectType: e.objectType, t)
        guard !lines.isEmpty else { return .txt(t("audit.details.none")) }
        return .ul(.class("plain details"), .forEach(lines) { line in
            .li(.if(!line.label.isEmpty, .span(.class("muted"), .txt(line.label + ": "))), .txt(line.value))
        })
    }
}
