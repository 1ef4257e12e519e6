import Vapor

/// Pages and API of the cases area.
enum CaseRoutes {
    static func register(_ app: Application) throws {}
}
