import Exchange
import Vapor

/// The block list for people signed in: the page with every format, and each format as a download
/// carrying the same serial and ETag headers as `GET /api/v1/blocklist`.
enum BlocklistController {
    @Sendable static func show(req: Request) async throws -> Response {
        try req.authorize(.view, .blocklist)
        let model = try await BlocklistPage.load(request: req)
        return req.page(req.t("blocklist.page.title"), BlocklistPage.view(model, request: req))
    }

    @Sendable static func download(req: Request) async throws -> Response {
        try req.authorize(.view, .blocklist)
        let name = String((req.parameters.get("format") ?? "").prefix(20))
        guard let format = BlocklistFormats.named(name) else { throw AppError.notFound }
        let rendered = try await BlocklistService.render(format: format.name, on: req.db, cache: req.application.blocklistCache)
        let response = BlocklistResponse.make(rendered, ifNoneMatch: req.headers.first(name: .ifNoneMatch))
        response.headers.replaceOrAdd(
            name: .contentDisposition,
            value: "attachment; filename=\"kaiguul-blocklist-\(rendered.serial).\(format.fileExtension)\"")
        return response
    }
}
