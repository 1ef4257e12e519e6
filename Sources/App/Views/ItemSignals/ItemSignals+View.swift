import Detection
import Foundation
import Plot
import Vapor

extension ItemSignals {
    /// The signals in words, as a row of the triage queue says them; never their stored JSON.
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let rows: [Node<HTML.TableContext>] = m.signals.map { s in
            .tr(.td(.txt(t("signal_kind." + s.kind))), .td(.text(String(format: "%.2f", s.score))))
        }
        return .section(
            .id("signals"),
            .h2(.txt(t("signal.title"))),
            m.signals.isEmpty ? .p(.class("empty"), .txt(t("list.empty"))) : .group(
                .div(.class("verdict"), .id("triage-verdict"), .strong(.txt(t("triage.verdict") + " ")),
                     TriageIndex.priority(m.reasons, request: request)),
                .table(.class("list"), .thead(.tr(.th(.txt(t("signal.kind"))), .th(.txt(t("signal.score"))))),
                       .tbody(.group(rows))),
                .h3(.txt(t("signal.details"))),
                TriageIndex.why(m.reasons, request: request)),
            .if(m.canDecide, .form(
                .method(.post), .attr("action", "/items/\(m.itemID)/decision"), .class("form"), .id("decision-form"),
                Forms.csrf(m.csrf),
                Forms.select("label", label: t("signal.decision"),
                             options: TriageLabel.allCases.map { ($0.rawValue, t("decision." + $0.rawValue)) },
                             selected: m.decision ?? "", error: nil, required: true, includeBlank: m.decision == nil),
                .button(.type(.submit), .txt(t("action.save")))))
        )
    }
}
