import Vapor

enum MeAPIController {
    struct Me: Content {
        var id: Int
        var username: String
        var display_name: String
        var role: String
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let user = try req.requireUser()
        return try .json(Me(id: user.id, username: user.username, display_name: user.displayName, role: user.role.rawValue))
    }
}
