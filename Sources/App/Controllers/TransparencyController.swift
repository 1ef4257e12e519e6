import KaiguulCore
import Foundation
import Vapor

/// The transparency report: `/transparency` (page), `/transparency/<file>` (CSV tables, JSON). Readable by
/// anyone who may read reports, and by everyone when the instance publishes it (`KAIGUUL_TRANSPARENCY_PUBLIC`).
enum TransparencyController {
    static func register(_ app: Application) {
        app.get("transparency", use: show)
        app.get("transparency", ":file", use: download)
    }

    static func allow(_ req: Request, _ action: Action) throws {
        if req.application.kaiguul.transparencyPublic { return }
        try req.authorize(action, .report)
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try allow(req, .view)
        let (from, to) = ReportController.period(req)
        let report = try await TransparencyReport.build(on: req.db, from: from, to: to)
        let t = ReportController.translator(req)
        var shown = req
        shown.language = t.language
        return shown.page(t("transparency.title"), TransparencyPage.view(report, request: shown))
    }

    @Sendable static func download(req: Request) async throws -> Response {
        try allow(req, .export)
        let (from, to) = ReportController.period(req)
        let report = try await TransparencyReport.build(on: req.db, from: from, to: to)
        let t = ReportController.translator(req)
        let name = req.parameters.get("file") ?? ""
        let body: String
        let type: String
        switch name {
        case "totals.csv": body = ReportTables.csv(TransparencyTables.totals(report, t)); type = "text/csv; charset=utf-8"
        case "targets.csv": body = ReportTables.csv(TransparencyTables.targets(report, t)); type = "text/csv; charset=utf-8"
        case "history.csv": body = ReportTables.csv(TransparencyTables.history(report, t)); type = "text/csv; charset=utf-8"
        case "data.json": body = try TransparencyPage.json(report); type = "application/json"
        default: throw AppError.notFound
        }
        let response = Response(status: .ok, body: .init(string: body))
        response.headers.replaceOrAdd(name: .contentType, value: type)
        response.headers.replaceOrAdd(name: .contentDisposition,
                                      value: "attachment; filename=\"kaiguul-transparency-\(from)-\(to)-\(name)\"")
        return response
    }
}
