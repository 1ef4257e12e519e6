import KaiguulCore
import Vapor

enum RetentionController {
    /// Admins only: the periods say how long people's data is kept, the runs what was erased.
    @Sendable static func show(req: Request) async throws -> Response {
        try req.authorize(.approve, .personalData)
        let model = try await RetentionPage.query(req.application, on: req.db)
        return req.page(req.t("retention.title"), RetentionPage.view(model, request: req))
    }
}
