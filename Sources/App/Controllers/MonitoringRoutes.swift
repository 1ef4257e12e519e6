import Vapor

/// Pages and API of the monitoring area.
enum MonitoringRoutes {
    static func register(_ app: Application) throws {
        app.get("sources", ":id", "items", use: MonitoringController.timeline)
        app.get("items", ":id", use: MonitoringController.item)
        app.get("items", ":id", "media", ":n", use: MonitoringController.media)
        app.get("items", ":id", "media", ":n", "thumbnail", use: ItemAnalysisController.thumbnail)
        app.post("items", ":id", "decision", use: ItemAnalysisController.decide)
        app.get("captures", ":id", "record", use: MonitoringController.rawRecord)
        CapturedViewController.register(app)
        app.get("candidates", use: MonitoringController.candidates)
        app.post("candidates", ":id", "accept", use: MonitoringController.accept)
        app.post("candidates", ":id", "reject", use: MonitoringController.reject)

        let api = app.grouped("api", "v1")
        api.get("sources", ":id", "items", use: MonitoringAPIController.items)
        api.get("items", ":id", use: MonitoringAPIController.item)
        api.get("candidates", use: MonitoringAPIController.candidates)
        api.post("candidates", ":id", "accept", use: MonitoringAPIController.accept)
        api.post("candidates", ":id", "reject", use: MonitoringAPIController.reject)
    }
}
