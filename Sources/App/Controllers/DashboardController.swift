import Vapor

enum DashboardController {
    @Sendable static func show(req: Request) async throws -> Response {
        guard let user = req.currentUser else { return req.redirect(to: "/login") }
        if !req.can(.view, .dashboard) {
            // Roles without a dashboard land on the first page they may see.
            return req.page(req.t("app.name"), .div(.h1(.txt(req.t("dash.welcome", ["name": user.displayName])))))
        }
        // Every figure is built from what this viewer may see, never from the whole system by default.
        let seen = req.visibility
        let regions = try await Dashboard.regions(seen: seen, language: req.language, on: req.db)
        var model = Dashboard.Model(tiles: try await Dashboard.tiles(seen: seen, on: req.db), regions: regions)
        if seen.seesAll(.case) { try await CaseFiguresView.load(into: &model, seen: seen, on: req.db) }
        if seen.sees(.report) {
            let to = PeriodReport.iso(Date())
            let from = PeriodReport.iso(Date().addingTimeInterval(-364 * 86_400))
            let (report, months) = try await ReportPage.load(on: req.db, from: from, to: to)
            model.charts = ReportPage.charts(ReportPage.Model(report: report, months: months, csrf: ""), t: req.t)
        }
        return req.page(req.t("dash.title"), Dashboard.view(model, request: req))
    }
}
