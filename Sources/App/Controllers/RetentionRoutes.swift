import Vapor

/// Retention's pages: the admin's overview, and a volunteer leaving the programme. The periods
/// are read here, once at start; a bad value stops the start (`RetentionSettings.from`).
enum RetentionRoutes {
    static func register(_ app: Application) throws {
        app.retention = try RetentionSettings.from(ProcessInfo.processInfo.environment).get()
        app.get("admin", "retention", use: RetentionController.show)
        app.post("volunteers", ":id", "leave", use: VolunteerDepartureController.leave)
        app.post("volunteers", ":id", "leave", "undo", use: VolunteerDepartureController.undo)
    }
}
