import Vapor

extension DemoData {
    /// The fictional demo records of the cases area.
    static func seedCases(app: Application) async throws {}
}
