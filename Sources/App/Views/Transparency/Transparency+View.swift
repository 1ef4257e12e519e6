import Foundation
import Plot
import Vapor

/// The transparency report's page: the period's totals, then every decision's targets with what each
/// provider's network showed.
enum TransparencyPage {
    static func json(_ report: TransparencyReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    static func view(_ r: TransparencyReport, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let query = "from=\(r.from)&to=\(r.to)&lang=\(t.language.rawValue)"
        let total = r.total
        return .div(
            .h1(.txt(t("transparency.title") + ": " + ReportText.date(r.from, t) + " – " + ReportText.date(r.to, t))),
            .form(.method(.get), .action("/transparency"), .class("filters"),
                  Forms.text("from", label: t("report.from"), value: r.from, error: nil, required: true, max: 10,
                             type: "date"),
                  Forms.text("to", label: t("report.to"), value: r.to, error: nil, required: true, max: 10, type: "date"),
                  Forms.select("lang", label: t("report.language"),
                               options: Language.allCases.map { ($0.rawValue, $0.endonym) },
                               selected: t.language.rawValue, error: nil),
                  .button(.type(.submit), .txt(t("filter.apply")))),
            .p(.class("downloads"),
               .a(.attr("href", "/transparency/totals.csv?" + query), .txt(t("transparency.csv_totals"))), .text(" · "),
               .a(.attr("href", "/transparency/targets.csv?" + query), .txt(t("transparency.csv_targets"))),
               .text(" · "),
               .a(.attr("href", "/transparency/history.csv?" + query), .txt(t("transparency.csv_history"))),
               .text(" · "),
               .a(.attr("href", "/transparency/data.json?" + query), .txt(t("transparency.json")))),
            .p(.class("narrative"), .id("transparency-summary"),
               .txt(t("transparency.summary", [
                   "ordered": "\(total.ordered)", "providers": "\(r.providers.count)",
                   "day": TransparencyTables.percent(total.enforcedByAllWithinDay, of: total.ordered),
                   "week": TransparencyTables.percent(total.enforcedByAllWithinWeek, of: total.ordered),
                   "offline": TransparencyTables.percent(total.offlineAtOrigin, of: total.ordered),
                   "lifted": "\(total.lifted)",
               ]))),
            .p(.class("hint"), .txt(t("transparency.method"))),
            .h2(.txt(t("transparency.totals"))),
            ReportPage.table(TransparencyTables.totals(r, t)),
            .h2(.txt(t("transparency.providers"))),
            r.providers.isEmpty ? .p(.class("empty"), .txt(t("transparency.no_providers")))
                : .ul(.forEach(r.providers) { p in
                    .li(.txt(p.asn.map { "AS\($0) — \(p.name)" } ?? p.name))
                }),
            .h2(.txt(t("transparency.decisions"))),
            r.decisions.isEmpty ? .p(.class("empty"), .txt(t("transparency.no_decisions")))
                : ReportPage.table(TransparencyTables.targets(r, t))
        )
    }
}
