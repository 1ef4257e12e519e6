import Plot
import Vapor

extension ReportPage {
    static func charts(_ m: Model, t: Translator) -> String {
        let p = SVGChart.palette
        let months = m.months.map(\.label)
        let c = m.report.total.cases
        // Each stage as sites and accounts apart (`SiteOrAccount`), so no bar calls accounts sites.
        let stages = [c.identified, c.referredToExpert, c.confirmed, c.submittedToCourt, c.ordered, c.blocked]
        let funnel = SVGChart.bars(
            id: "funnel", title: t("chart.funnel"),
            labels: ["case.stats.identified", "case.stats.referred", "case.stats.confirmed", "case.stats.submitted",
                     "case.stats.ordered", "case.stats.blocked"].map { t($0) },
            series: [SVGChart.Series(name: t("case.stats.sites"), values: stages.map(\.sites), colour: p[0]),
                     SVGChart.Series(name: t("case.stats.accounts"), values: stages.map(\.accounts), colour: p[3])])
        let identified = SVGChart.bars(
            id: "identified", title: t("chart.identified_per_month"), labels: months,
            series: [SVGChart.Series(name: t("report.col.sites_identified"), values: m.months.map(\.sitesIdentified), colour: p[0]),
                     SVGChart.Series(name: t("report.col.accounts_identified"), values: m.months.map(\.accountsIdentified), colour: p[3]),
                     SVGChart.Series(name: t("report.col.sites_blocked"), values: m.months.map(\.sitesBlocked), colour: p[1])])
        let distributed = SVGChart.bars(
            id: "distributed", title: t("chart.distributed_per_month"), labels: months,
            series: [SVGChart.Series(name: t("report.col.videos"), values: m.months.map(\.videos), colour: p[2]),
                     SVGChart.Series(name: t("report.col.other_materials"), values: m.months.map(\.otherMaterials), colour: p[4])])
        let regions = m.report.regions
        let people = SVGChart.bars(
            id: "regions", title: t("chart.people_per_region"), labels: regions.map { $0.region?.name(t.language) ?? "—" },
            series: [SVGChart.Series(name: t("report.col.groups"), values: regions.map(\.programme.groups), colour: p[0]),
                     SVGChart.Series(name: t("report.col.members"), values: regions.map(\.programme.groupMembers), colour: p[2]),
                     SVGChart.Series(name: t("report.col.participants"),
                                     values: regions.map { $0.programme.seminarParticipants + $0.programme.trainingParticipants },
                                     colour: p[3])])
        return [funnel, identified, distributed, people].map { "<figure class=\"chart\">\($0)</figure>" }.joined()
    }

    static func table(_ table: ReportTables.Table) -> Node<HTML.BodyContext> {
        .table(.class("list report"), .id("report-" + table.name),
               .thead(.tr(.forEach(table.header) { .th(.txt($0)) })),
               .tbody(.forEach(table.rows) { row in .tr(.forEach(row) { .td(.txt($0)) }) }))
    }

    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let r = m.report
        let query = "from=\(r.from)&to=\(r.to)&lang=\(t.language.rawValue)"
        return .div(
            .h1(.txt(t("report.title") + ": " + ReportText.date(r.from, t) + " – " + ReportText.date(r.to, t))),
            .form(.method(.get), .action("/reports"), .class("filters"),
                  Forms.text("from", label: t("report.from"), value: r.from, error: nil, required: true, max: 10, type: "date"),
                  Forms.text("to", label: t("report.to"), value: r.to, error: nil, required: true, max: 10, type: "date"),
                  Forms.select("lang", label: t("report.language"),
                               options: Language.allCases.map { ($0.rawValue, $0.endonym) }, selected: t.language.rawValue,
                               error: nil),
                  .button(.type(.submit), .txt(t("filter.apply")))),
            .p(.class("downloads"),
               .a(.attr("href", "/reports/cases.csv?" + query), .txt(t("report.csv_cases"))), .text(" · "),
               .a(.attr("href", "/reports/programme.csv?" + query), .txt(t("report.csv_programme"))), .text(" · "),
               .a(.attr("href", "/reports/report.md?" + query), .txt(t("report.markdown"))), .text(" · "),
               .a(.attr("href", "/transparency?" + query), .txt(t("transparency.title")))),
            .unwrap(m.countedAt) { at in
                .p(.class("counted-at"), .id("figures-counted-at"),
                   .txt(t("figures.counted_at", ["time": Formats.dateTime(at), "seconds": String(m.recountSeconds)])))
            },
            .h2(.txt(t("report.summary"))),
            .p(.class("narrative"), .id("narrative"), .txt(ReportText.narrative(r, t))),
            .h2(.txt(t("report.cases_table"))),
            table(ReportTables.cases(r, t)),
            .h2(.txt(t("report.programme_table"))),
            table(ReportTables.programme(r, t)),
            .if(!r.trained.modules.isEmpty, .group(.h2(.txt(t("curriculum.report_table"))), table(ReportTables.modules(r, t)))),
            .h2(.txt(t("report.charts"))),
            .raw(charts(m, t: t))
        )
    }
}
