import Vapor

/// Pages and API of the monitoring area.
enum MonitoringRoutes {
    static func register(_ app: Application) throws {}
}
