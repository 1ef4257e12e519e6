import Vapor

@testable import App

extension DemoData {
    /// The fictional demo records of the monitoring area.
    static func seedMonitoring(app: Application) async throws {}
}
