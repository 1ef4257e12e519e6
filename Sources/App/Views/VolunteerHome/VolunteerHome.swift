import Plot
import Vapor

/// The volunteer's home page: the materials to share and the tips they sent. Called by the home
/// dispatcher for the volunteer role.
enum VolunteerHome {
    static func page(_ req: Request) async throws -> Response {
        req.page(req.t("nav.materials"), .div(.id("home"), .attr("data-role", "volunteer")))
    }
}
