import Vapor

extension Commands {
    /// Commands of the programme area.
    static func registerProgramme(on app: Application) {}
}
