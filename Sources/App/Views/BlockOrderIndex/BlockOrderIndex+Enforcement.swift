import Foundation
import KaiguulCore
import Plot

extension BlockOrderIndex {
    /// "2 of 3 networks block": each network's latest verdict in the title, linked to the compliance pages.
    static func enforcementCell(_ e: OrderEnforcement?, t: Translator) -> Node<HTML.BodyContext> {
        guard let e, !e.networks.isEmpty else { return .txt(t("transparency.not_measured")) }
        let all = e.enforced == e.networks.count
        let detail = e.networks.map { "\($0.name): \(TransparencyTables.verdict($0.verdict, t))" }.joined(separator: "; ")
        return .a(.attr("href", "/compliance"), .class("badge " + (all ? "ok" : "warning")), .attr("title", detail),
                  .attr("data-enforced", String(e.enforced)), .attr("data-networks", String(e.networks.count)),
                  .txt(t("transparency.enforced_by", ["enforced": String(e.enforced),
                                                      "networks": String(e.networks.count)])))
    }
}
