import Vapor

/// Pages and API of the programme area.
enum ProgrammeRoutes {
    static func register(_ app: Application) throws {}
}
