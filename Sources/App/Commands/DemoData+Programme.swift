import Vapor

extension DemoData {
    /// The fictional demo records of the programme area.
    static func seedProgramme(app: Application) async throws {}
}
