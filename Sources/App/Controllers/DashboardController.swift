import Vapor

enum DashboardController {
    @Sendable static func show(req: Request) async throws -> Response {
        guard let user = req.currentUser else { return req.redirect(to: "/login") }
        if !req.can(.view, .dashboard) {
            // Roles without a dashboard land on the first page they may see.
            return req.page(req.t("app.name"), .div(.h1(.txt(req.t("dash.welcome", ["name": user.displayName])))))
        }
        let counts = try await Dashboard.counts(on: req.db)
        let regions = try await RegionIndex.query(on: req.db).rows.map { (name: $0.region.name(req.language), sources: $0.sources) }
        var model = Dashboard.Model(counts: counts, regions: regions)
        try await CaseFiguresView.load(into: &model, on: req.db)
        if req.can(.view, .report) {
            let to = PeriodReport.iso(Date())
            let from = PeriodReport.iso(Date().addingTimeInterval(-364 * 86_400))
            let report = try await PeriodReport.build(on: req.db, from: from, to: to)
            let months = try await ReportPage.months(on: req.db, from: from, to: to)
            model.charts = ReportPage.charts(ReportPage.Model(report: report, months: months, csrf: ""), t: req.t)
        }
        return req.page(req.t("dash.title"), Dashboard.view(model, request: req))
    }
}
