import Plot
import Vapor

/// The volunteer's home page: the materials to share (full link, ready message, "I shared it")
/// and the tips they sent with where each stands. Called by the home dispatcher for the role.
enum VolunteerHome {
    static func page(_ req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.view, .distribution)
        let model = try await load(req, user: user)
        return req.page(req.t("volunteer_home.title"), view(model, request: req))
    }
}
