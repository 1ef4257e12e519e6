import Foundation
import Plot

/// The report as a standalone, printable HTML file (for `kaiguul report --format html`).
enum ReportDocument {
    static func html(_ r: PeriodReport, months: [ReportPage.Month], t: Translator) -> String {
        let title = t("report.title") + ": " + ReportText.date(r.from, t) + " – " + ReportText.date(r.to, t)
        let body: Node<HTML.BodyContext> = .div(
            .h1(.txt(title)),
            .h2(.txt(t("report.summary"))), .p(.class("narrative"), .txt(ReportText.narrative(r, t))),
            .h2(.txt(t("report.cases_table"))), ReportPage.table(ReportTables.cases(r, t)),
            .h2(.txt(t("report.programme_table"))), ReportPage.table(ReportTables.programme(r, t)),
            .if(!r.trained.modules.isEmpty, .group(.h2(.txt(t("curriculum.report_table"))),
                                                   ReportPage.table(ReportTables.modules(r, t)))),
            .h2(.txt(t("report.charts"))),
            .raw(ReportPage.charts(ReportPage.Model(report: r, months: months, csrf: ""), t: t)))
        let page = HTML(
            .attribute(named: "lang", value: t.language.rawValue),
            .head(.meta(.charset(.utf8)), .element(named: "title", text: Escape.text(title)),
                  .element(named: "style", text: Stylesheet.css)),
            .body(.main(body)))
        return page.render()
    }
}
