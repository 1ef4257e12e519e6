import Foundation
import Plot
import Vapor

extension BankIndex {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        return .div(
            .id("banks"),
            .h1(.txt(t("banks.title"))),
            .p(.class("muted"), .txt(t("banks.intro"))),
            .table(
                .class("list"),
                .thead(.tr(.th(.txt(t("banks.name"))), .th(.txt(t("banks.kind"))), .th(.txt(t("banks.provenance"))),
                           .th(.txt(t("banks.entries"))), .th(.txt(t("banks.feedback"))), .th(.txt(t("banks.settings"))),
                           .th())),
                .tbody(.forEach(m.banks) { row($0, m, t: t) })
            ),
            holds(m, t: t),
            materials(m, t: t)
        )
    }

    static func row(_ b: Row, _ m: Model, t: Translator) -> Node<HTML.TableContext> {
        let error = m.errorBank == b.id ? m.errors["pdq_distance"]?.text(t) : nil
        return .tr(
            .id("bank-\(b.id)"), .attr("data-bank", String(b.id)),
            // The court bank is the programme's own: its name is said in the reader's language.
            .td(.txt(b.kind == "court" ? t("banks.court_bank_name") : b.name),
                .if(b.negative, .group(.text(" "), .span(.class("badge warning"), .txt(t("banks.negative"))))),
                .if(!b.labels.isEmpty, .div(.class("muted"), .txt(b.labels.joined(separator: ", "))))),
            .td(.txt(t("banks.kind.\(kindKey(b.kind))")), .if(!b.format.isEmpty, .div(.class("muted"), .txt(b.format)))),
            .td(.txt(b.kind == "court" ? t("banks.provenance.court") : b.provenance),
                .if(b.lastImportedAt != nil, .div(.class("muted"), .txt(t("banks.last_import")), .text(" "),
                                                  .txt(b.lastImportedAt.map { Formats.dateTime($0) } ?? "")))),
            .td(.txt(t("banks.active_deleted", ["active": String(b.active), "deleted": String(b.deleted)]))),
            .td(.txt(t("banks.feedback_counts", ["tp": String(b.truePositives), "fp": String(b.falsePositives)]))),
            .td(.if(m.canUpdate, .form(
                    .method(.post), .attr("action", "/banks/\(b.id)/settings"), .class("inline"), Forms.csrf(m.csrf),
                    .label(b.enabled
                           ? .input(.type(.checkbox), .name("enabled"), .value("true"), .attr("checked", "checked"))
                           : .input(.type(.checkbox), .name("enabled"), .value("true")),
                           .text(" "), .txt(t("banks.enabled"))),
                    Forms.text("pdq_distance", label: t("banks.pdq_distance"), value: String(b.pdqDistance), error: error,
                               required: true, max: 3, type: "number"),
                    .button(.type(.submit), .txt(t("banks.save")))),
                else: .group(.txt(b.enabled ? t("banks.enabled") : t("banks.disabled")), .text(" · "),
                             .txt(t("banks.pdq_distance")), .text(" \(b.pdqDistance)")))),
            .td(.if(m.canExport, .group(
                .a(.href("/banks/\(b.id)/export.json"), .txt(t("banks.export_tcap"))), .br(),
                .a(.href("/banks/\(b.id)/feedback.csv"), .txt(t("banks.export_feedback_csv"))), .br(),
                .a(.href("/banks/\(b.id)/feedback.json"), .txt(t("banks.export_feedback_json"))))))
        )
    }

    static func kindKey(_ raw: String) -> String {
        ["court", "imported", "local"].contains(raw) ? raw : "local"
    }

    static func holds(_ m: Model, t: Translator) -> Node<HTML.BodyContext> {
        .section(
            .id("holds"),
            .h2(.txt(t("banks.holds.title"))),
            .p(.class("muted"), .txt(t("banks.holds.intro"))),
            .if(m.holds.isEmpty, .p(.class("muted"), .txt(t("banks.holds.none")))),
            .if(!m.holds.isEmpty, .ul(.forEach(m.holds) { h in
                .li(.attr("data-hold", String(h.id)), .code(.txt("\(h.kind):\(h.value)")), .text(" "),
                    .txt(t("banks.holds.matches", ["count": String(h.matches)])), .text(" "),
                    .if(m.canUpdate, .form(.method(.post), .attr("action", "/banks/holds/\(h.id)/release"), .class("inline"),
                                           Forms.csrf(m.csrf), .button(.type(.submit), .txt(t("banks.holds.release"))))))
            }))
        )
    }

    static func materials(_ m: Model, t: Translator) -> Node<HTML.BodyContext> {
        .section(
            .id("materials"),
            .h2(.txt(t("banks.materials.title"))),
            .if(m.materials.isEmpty, .p(.class("muted"), .txt(t("banks.materials.none")))),
            .if(!m.materials.isEmpty, .ul(.forEach(m.materials) { mat in
                .li(.attr("data-material", String(mat.id)), .txt(mat.title), .text(" — "),
                    .txt([mat.court, mat.decisionNumber].filter { !$0.isEmpty }.joined(separator: ", ")), .text(" "),
                    .if(mat.revokedAt != nil,
                        .span(.class("badge warning"), .txt(t("banks.materials.revoked")), .text(": "), .txt(mat.revokedReason ?? "")),
                        else: .if(m.canRevoke, .form(
                            .method(.post), .attr("action", "/banks/materials/\(mat.id)/revoke"), .class("inline"),
                            Forms.csrf(m.csrf),
                            Forms.text("reason", label: t("banks.materials.reason"), value: "",
                                       error: m.errorBank == -mat.id ? m.errors["reason"]?.text(t) : nil,
                                       required: true, max: 1000),
                            .button(.type(.submit), .txt(t("banks.materials.revoke")))))))
            }))
        )
    }
}
