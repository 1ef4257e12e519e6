import Detection
import Foundation
import Plot
import Vapor

extension ItemSignals {
    static func view(_ m: Model, media: [StoredMedia], request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        func mediaIndex(_ sha: String) -> Int? { media.firstIndex { $0.sha256 == sha } }
        let rows: [Node<HTML.TableContext>] = m.signals.map { s in
            var extra: Node<HTML.BodyContext> = .code(.class("details"), .txt(String(s.details.prefix(600))))
            if s.kind == "pdq" || s.kind.hasPrefix("exact_"),
               let d = try? JSONDecoder().decode(MediaMatchDetails.self, from: Data(s.details.utf8)) {
                let thumb: Node<HTML.BodyContext> = mediaIndex(d.media_sha256).map { index in
                    .img(.attr("src", "/items/\(m.itemID)/media/\(index)/thumbnail"), .attr("alt", d.media_url),
                         .class("thumb"))
                } ?? .empty
                extra = .div(thumb, .p(.txt(t("signal.media_match", ["label": d.label, "distance": String(d.distance),
                                                                     "quality": d.quality.map(String.init) ?? "—"]))))
            }
            return .tr(.td(.txt(t("signal_kind." + s.kind))), .td(.text(String(format: "%.2f", s.score))), .td(extra))
        }
        return .section(
            .id("signals"),
            .h2(.txt(t("signal.title"))),
            m.signals.isEmpty ? .p(.class("empty"), .txt(t("list.empty"))) :
                .table(.class("list"), .thead(.tr(.th(.txt(t("signal.kind"))), .th(.txt(t("signal.score"))),
                                                  .th(.txt(t("signal.details"))))),
                       .tbody(.group(rows))),
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
