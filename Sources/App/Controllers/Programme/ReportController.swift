import Fluent
import Vapor

enum ReportController {
    /// The period from the query string; by default the current year so far.
    static func period(_ req: Request) -> (from: String, to: String) {
        let year = SharedFigures.reportPeriod()
        let from = req.query[String.self, at: "from"].flatMap { PeriodReport.day($0) != nil ? $0 : nil } ?? year.from
        let to = req.query[String.self, at: "to"].flatMap { PeriodReport.day($0) != nil ? $0 : nil } ?? year.to
        return (from, to)
    }

    /// The report's language may differ from the interface's: a Kyrgyz report from a Russian screen.
    static func translator(_ req: Request) -> Translator {
        Translator(language: req.query[String.self, at: "lang"].flatMap(Language.init(rawValue:)) ?? req.language)
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try req.authorize(.view, .report)
        let (from, to) = period(req)
        // The page's figures are shared by every viewer of the period (`FiguresCache`); the downloads below
        // are the official copies and are counted when asked for.
        let cache = req.application.figuresCache
        let db = req.db
        let counted = try await SharedFigures.report(cache, from: from, to: to, on: db)
        let (report, months) = counted.value
        let t = translator(req)
        var shown = req
        shown.language = t.language
        var model = ReportPage.Model(report: report, months: months, csrf: CSRFMiddleware.token(for: req))
        if cache.lifetime > 0 { model.countedAt = counted.countedAt }
        model.recountSeconds = Int(cache.lifetime)
        return shown.page(t("report.title"), ReportPage.view(model, request: shown))
    }

    @Sendable static func download(req: Request) async throws -> Response {
        try req.authorize(.export, .report)
        let (from, to) = period(req)
        let report = try await PeriodReport.build(on: req.db, from: from, to: to)
        let t = translator(req)
        let name = req.parameters.get("file") ?? ""
        let body: String
        let type: String
        switch name {
        case "cases.csv": body = ReportTables.csv(ReportTables.cases(report, t)); type = "text/csv; charset=utf-8"
        case "programme.csv": body = ReportTables.csv(ReportTables.programme(report, t)); type = "text/csv; charset=utf-8"
        case "report.md": body = ReportTables.markdown(report, t); type = "text/markdown; charset=utf-8"
        default: throw AppError.notFound
        }
        let response = Response(status: .ok, body: .init(string: body))
        response.headers.replaceOrAdd(name: .contentType, value: type)
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"kaiguul-\(from)-\(to)-\(name)\"")
        return response
    }
}
