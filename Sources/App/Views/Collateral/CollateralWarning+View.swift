import Plot
import Vapor

/// The collateral warning: other sites seen on the addresses of a target about to be (or already)
/// blocked. A provider blocking by address would cut them off too, so legal sees it before the order.
enum CollateralWarning {
    /// Inside the court-decision form, above the targets it will order.
    static func inForm(_ findings: [String: [CollateralCheck.Finding]], t: Translator) -> Node<HTML.FormContext> {
        guard !findings.isEmpty else { return .empty }
        return .div(.class("alert warning collateral"), .id("collateral-warning"), .attr("role", "alert"),
                    .strong(.txt(t("collateral.title"))),
                    .p(.txt(t("collateral.explain"))),
                    .forEach(findings.sorted { $0.key < $1.key }) { target, found in
                        .div(.p(.code(.txt(target))), list(found, t: t))
                    })
    }

    /// A short badge in a list row, with the shared addresses and names as its title.
    static func badge(_ findings: [CollateralCheck.Finding]?, t: Translator) -> Node<HTML.BodyContext> {
        guard let findings, !findings.isEmpty else { return .empty }
        let detail = findings.map { "\($0.address): " + $0.names.joined(separator: ", ") + more($0, t) }
            .joined(separator: "; ")
        return .group(.text(" "), .span(.class("badge warning collateral"), .attr("title", detail),
                                        .txt(t("collateral.badge"))))
    }

    static func list(_ findings: [CollateralCheck.Finding], t: Translator) -> Node<HTML.FormContext> {
        .ul(.forEach(findings) { f in
            .li(.txt(t("collateral.address", ["address": f.address])), .text(" "),
                .txt(f.names.joined(separator: ", ") + more(f, t)))
        })
    }

    private static func more(_ finding: CollateralCheck.Finding, _ t: Translator) -> String {
        finding.more > 0 ? " " + t("collateral.more", ["count": String(finding.more)]) : ""
    }
}
