import Plot
import Vapor

extension VolunteerHome {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        // The frame every home page has (`#home[data-role]`, heading, intro), so tests and people find it.
        return .div(
            .id("home"), .attr("data-role", "volunteer"),
            .h1(.txt(t("volunteer_home.title"))),
            .p(.class("hint"), .txt(t("volunteer_home.intro"))),
            .section(
                .class("work"), .attr("data-work", "share"),
                .h2(.txt(t("volunteer_home.share")), .text(" "), .span(.class("count"), .text("(\(m.toShareTotal))"))),
                m.toShare.isEmpty
                    ? .p(.class("empty"), .txt(t(m.linked ? "volunteer_home.share_empty" : "volunteer_home.not_linked")))
                    : .ul(.class("worklist share-list"), .forEach(m.toShare) { shareItem($0, m, t) }),
                .p(.class("more"), .a(.href("/distributions"), .txt(t("volunteer_home.all_distributions"))))),
            .section(
                .class("work"), .attr("data-work", "tips"),
                .h2(.txt(t("volunteer_home.tips")), .text(" "), .span(.class("count"), .text("(\(m.tipsTotal))"))),
                m.tips.isEmpty
                    ? .p(.class("empty"), .txt(t("volunteer_home.tips_empty")))
                    : .ul(.class("worklist"), .forEach(m.tips) { tipItem($0, t) }),
                .p(.class("more"),
                   .a(.class("button primary"), .href("/tip"), .txt(t("tip.new"))), .text(" "),
                   .if(m.tipsTotal > m.tips.count, .a(.href("/tips"), .txt(t("volunteer_home.all_tips", ["n": String(m.tipsTotal)])))))),
            PersonalDataLinks.volunteerHome(request: request)
        )
    }

    private static func shareItem(_ row: DistributionLists.Row, _ m: Model, _ t: Translator) -> Node<HTML.ListContext> {
        let d = row.distribution
        let share = SharePanel(d, base: m.base, fallback: t.language)
        return .li(
            .attr("data-item", "share"), .attr("data-distribution", String(d.id ?? 0)),
            .a(.attr("href", "/distributions/\(d.id ?? 0)"), .txt(d.material.title)),
            .span(.class("facts"), .span(.class("value"), .txt(d.group?.name ?? d.channel ?? "")),
                  .span(.class("when"), .txt(d.distributedOn))),
            share.link(t),
            // The message folds away: the link and its buttons are what most people need.
            .details(.summary(.txt(t("share.message"))), .element(named: "div", nodes: [share.messageBox(t)])),
            DistributionIndex.confirmCell(row, back: "/", m.csrf, t))
    }

    private static func tipItem(_ tip: Tip, _ t: Translator) -> Node<HTML.ListContext> {
        .li(
            .attr("data-item", "tips"),
            .strong(.txt(t("volunteer_home.tip", ["id": String(tip.id ?? 0)]))),
            .span(.class("facts"),
                  .span(.class("when"), .txt(tip.createdAt.map(Formats.dateTime) ?? "")),
                  .span(.class("badge \(tip.status)"), .txt(t("tip_status.\(tip.status)")))),
            // Shown as text, never as links: a reported URL is suspect by definition.
            .unwrap(tip.urlList.first) { .code(.class("tracked-url"), .txt($0)) })
    }
}
