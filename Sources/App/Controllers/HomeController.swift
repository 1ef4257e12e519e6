import KaiguulCore
import Vapor

/// `/`: each role starts at its work. The lists come from `Home.load`; the volunteer's home is the
/// materials page of their own (`VolunteerHome`), the provider's the block list (`BlocklistPage`).
enum HomeController {
    @Sendable static func show(req: Request) async throws -> Response {
        guard let user = req.currentUser else { return req.redirect(to: "/login") }
        switch user.role {
        case .volunteer:
            return try await VolunteerHome.page(req)
        case .provider:
            try req.authorize(.view, .blocklist)
            let model = try await BlocklistPage.load(request: req)
            return req.page(req.t("home.title"),
                            Home.frame(role: user.role, request: req, BlocklistPage.sections(model, request: req)))
        default:
            let model = try await Home.load(for: user, request: req)
            return req.page(req.t("home.title"), Home.view(model, request: req))
        }
    }
}
