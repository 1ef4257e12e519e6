import Plot
import Vapor

extension DistributionShow {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let d = m.row.distribution
        let language = d.group?.chatLanguage ?? t.language
        return .div(
            .id("distribution"), .attr("data-id", String(d.id ?? 0)),
            .p(.class("breadcrumb"), .a(.href("/distributions"), .txt(t("distribution.list.title")))),
            .h1(.txt(d.material.title)),
            .dl(.class("facts"),
                .dt(.txt(t("distribution.group"))), .dd(.txt(d.group?.name ?? d.channel ?? "—")),
                .dt(.txt(t("distribution.date"))), .dd(.txt(d.distributedOn)),
                .dt(.txt(t("distribution.message_language"))), .dd(.txt(language.endonym)),
                .dt(.txt(t("distribution.clicks"))), .dd(.text(String(m.row.clicks))),
                .dt(.txt(t("distribution.confirmations"))), .dd(.text(String(m.row.confirmations)))),
            .h2(.txt(t("distribution.link"))),
            m.share.link(t),
            m.share.messageBox(t),
            .if(m.canConfirm, .p(DistributionIndex.confirmCell(m.row, back: "/distributions/\(d.id ?? 0)", m.csrf, t)))
        )
    }
}
