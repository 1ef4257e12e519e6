import Fluent
import Vapor

/// The list of every collected item, for whoever may open every item (an expert or a legal officer
/// reaches items through their cases only).
enum ItemListController {
    @Sendable static func index(req: Request) async throws -> Response {
        try req.authorize(.view, .item)
        guard req.visibility.seesAll(.item) else { throw AppError.forbidden }
        let list = ListQuery.read(req, ItemIndex.filters)
        let (rows, total) = list.isValid ? try await ItemIndex.query(on: req.db, list: list) : ([], 0)
        // The source filter offers the first 500 sources by name; any other is still taken by its id.
        let sources = try await Source.query(on: req.db).sort(\.$title).sort(\.$address).limit(500).all()
        let model = ItemIndex.Model(items: rows, total: total, list: list, sources: sources)
        return req.page(req.t("item.list.title"), status: list.status, ItemIndex.view(model, request: req))
    }
}
