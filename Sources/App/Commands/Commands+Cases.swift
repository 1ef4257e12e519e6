import Vapor

extension Commands {
    /// Commands of the cases area.
    static func registerCases(on app: Application) {}
}
