import Vapor

/// Pages and API of the triage area.
enum TriageRoutes {
    static func register(_ app: Application) throws {
        app.get("triage", use: TriageController.index)
        app.post("triage", "actions", use: TriageController.act)
        app.get("triage", "materials", ":id", "thumbnail", use: TriageController.materialThumbnail)
        MirrorController.register(app)

        let api = app.grouped("api", "v1")
        api.get("triage", use: TriageAPIController.index)
        api.post("triage", "dismiss", use: TriageAPIController.dismiss)
        api.post("triage", "cases", use: TriageAPIController.openCase)
        api.post("triage", "cases", ":id", "evidence", use: TriageAPIController.addEvidence)
    }
}
