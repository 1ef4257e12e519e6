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
        // The case figures and the year's charts are system-wide and cost a pass over the year's records:
        // counted once for every viewer who may see them (`FiguresCache`), and dated on the page.
        let cache = req.application.figuresCache
        let db = req.db
        if seen.seesAll(.case) {
            let counted = try await SharedFigures.caseFigures(cache, on: db)
            model.caseFigures = counted.value
            model.countedAt = cache.lifetime > 0 ? counted.countedAt : nil
            if seen.seesAll(.blockOrder) { model.stillReachable = try await ReachabilityQuery.stillReachableOrderIDs(on: db).count }
        }
        if seen.sees(.report) {
            let period = SharedFigures.dashboardPeriod()
            let counted = try await SharedFigures.report(cache, from: period.from, to: period.to, on: db)
            let (report, months) = counted.value
            model.charts = ReportPage.charts(ReportPage.Model(report: report, months: months, csrf: ""), t: req.t)
            if cache.lifetime > 0 { model.countedAt = min(model.countedAt ?? counted.countedAt, counted.countedAt) }
        }
        model.recountSeconds = Int(cache.lifetime)
        return req.page(req.t("dash.title"), Dashboard.view(model, request: req))
    }
}
