import Fluent
import Vapor

enum RegionAPIController {
    @Sendable static func index(req: Request) async throws -> Response {
        try req.authorize(.view, .region)
        let rows = try await Region.query(on: req.db).sort(\.$id).all()
        return try .json(Page(items: rows.map(RegionDTO.init), total: rows.count, page: 1, per_page: rows.count))
    }
}
