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
            .form(.method(.get), .action("/audit"), .class("filters"),
                  Forms.text("action", label: t("audit.action"), value: m.action, error: nil, max: 100),
                  .button(.type(.submit), .txt(t("filter.apply")))),
            .table(
                .class("list audit"),
                .thead(.tr(.th(.text("#")), .th(.txt(t("audit.at"))), .th(.txt(t("audit.actor"))), .th(.txt(t("audit.action"))),
                           .th(.txt(t("audit.object"))), .th(.txt(t("audit.details"))), .th(.txt(t("audit.hash"))))),
                .tbody(.forEach(m.entries) { e in
                    .tr(.td(.text(String(e.seq))), .td(.txt(Formats.dateTime(e.at))), .td(.txt(e.actorLabel)),
                        .td(.code(.txt(e.action))), .td(.txt(e.objectType + (e.objectID.map { " #" + $0 } ?? ""))),
                        .td(.code(.class("details"), .txt(fields(e.details)))), .td(.code(.attr("title", e.hash), .txt(String(e.hash.prefix(12))))))
                })
            ),
            Pager.links(request: request, paging: m.paging, total: m.total)
        )
    }

    /// A row's details as `key=value` lines. The stored JSON is what the chain hashes, not what a person reads;
    /// anything that is not a flat object of strings (an older row) is shown as stored, escaped.
    static func fields(_ details: String) -> String {
        guard let fields = try? JSONDecoder().decode([String: String].self, from: Data(details.utf8)) else {
            return details
        }
        return fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
    }
}
