import Plot
import Vapor

extension RetentionPage {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        return .div(
            .id("retention"),
            .h1(.txt(t("retention.title"))),
            .p(.class("hint"), .txt(t("retention.explain"))),
            .h2(.txt(t("retention.periods"))),
            .table(
                .class("list"), .id("retention-periods"),
                .thead(.tr(.th(.txt(t("retention.kind"))), .th(.txt(t("retention.days"))),
                           .th(.txt(t("retention.variable"))))),
                .tbody(.forEach(periods(m.settings)) { period in
                    .tr(.attr("data-kind", period.kind),
                        .td(.txt(t("retention.kind.\(period.kind)"))),
                        .td(.class("number"), .text(String(period.days))),
                        .td(.code(.txt(period.variable))))
                })),
            .p(.class("hint"), .txt(t("retention.command_hint"))),
            .h2(.txt(t("retention.runs"))),
            m.runs.isEmpty
                ? .p(.class("empty"), .id("retention-no-runs"), .txt(t("retention.runs.none")))
                : .table(
                    .class("list"), .id("retention-runs"),
                    .thead(.tr(.th(.txt(t("retention.run.at"))), .th(.txt(t("retention.run.by"))),
                               .th(.txt(t("audit_detail.as_of"))),
                               .forEach(countColumns) { .th(.txt(t("audit_detail.\($0)"))) })),
                    .tbody(.forEach(m.runs) { run in
                        .tr(.td(.txt(Formats.dateTime(run.at))), .td(.txt(run.by)),
                            .td(.txt(run.details["as_of"] ?? "—")),
                            .forEach(countColumns) { .td(.class("number"), .txt(run.details[$0] ?? "—")) })
                    }))
        )
    }
}
