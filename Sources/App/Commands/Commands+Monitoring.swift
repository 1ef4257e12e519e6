import Vapor

extension Commands {
    /// Commands of the monitoring area.
    static func registerMonitoring(on app: Application) {}
}
