import Vapor

enum RegionController {
    @Sendable static func index(req: Request) async throws -> Response {
        try req.authorize(.view, .region)
        let model = try await RegionIndex.query(seen: req.visibility, on: req.db)
        return req.page(req.t("region.list.title"), RegionIndex.view(model, request: req))
    }
}
