import Evidence
import Foundation
import KaiguulCore
import MediaMatch
import Vapor

/// Symbols of a banned organisation: the staff page with the upload form
/// (`/organizations/:id/symbols`), the upload, and the image route the public guide uses
/// (`/knowledge/symbols/:sha256`).
enum KnowledgeSymbolController {
    static func register(_ app: Application) {
        app.get("organizations", ":id", "symbols", use: index)
        app.upload("organizations", ":id", "symbols", allowing: .update, .knowledge, use: create)
        app.get("knowledge", "symbols", ":sha256", use: image)
    }

    @Sendable static func index(req: Request) async throws -> Response {
        try req.authorize(.view, .knowledge)
        return try await page(req, organizationID: try req.idParameter(), values: ["public": "yes"], errors: [:])
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .knowledge)
        let id = try req.idParameter()
        let upload = try req.receivedUpload()
        let file = upload.file.flatMap { $0.field == "file" && $0.size > 0 ? $0 : nil }
        do {
            let input = try KnowledgeSymbolInput.validate(fields: upload.fields, data: try file?.data())
            let symbol = try await KnowledgeSymbolStore.create(input, organizationID: id, actor: user.auditActor,
                                                               app: req.application)
            return req.redirect(to: "/organizations/\(id)/symbols", flash: "flash.symbol_added",
                                ["id": String(symbol.id ?? 0)])
        } catch let e as FormErrors {
            return try await page(req, organizationID: id, values: upload.fields, errors: e.errors)
        } catch let e as AppError where e.field != nil {
            return try await page(req, organizationID: id, values: upload.fields, errors: [e.field ?? "file": e])
        }
    }

    /// A public symbol's image to anyone; another only to staff who may view the knowledge base.
    /// Not the uploaded bytes but pixels we drew from them (as thumbnails are): no metadata of the
    /// upload (camera, place) leaves, and no file a browser could take for something else.
    @Sendable static func image(req: Request) async throws -> Response {
        let sha = req.parameters.get("sha256") ?? ""
        guard KnowledgeSymbols.isSHA256(sha), let isPublic = try await KnowledgeSymbols.visibility(sha256: sha, on: req.db)
        else { throw AppError.notFound }
        if !isPublic {
            // A volunteer sees what the public guide shows; a stranger is not told the image exists.
            guard req.can(.view, .knowledge), req.currentUser?.role != .volunteer else { throw AppError.notFound }
        }
        let blobs = try BlobStore(root: req.kaiguul.blobDirectory)
        guard let data = try? blobs.read(sha, maxBytes: KnowledgeSymbolImage.maxBytes + 1),
              let jpeg = try? Thumbnail.jpeg(from: data, maxDimension: 512, quality: 90) else { throw AppError.notFound }
        let response = Response(status: .ok, body: .init(data: jpeg))
        response.headers.contentType = .jpeg
        response.headers.replaceOrAdd(name: .cacheControl, value: isPublic ? "public, max-age=300" : "private, no-store")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return response
    }

    private static func page(_ req: Request, organizationID: Int, values: [String: String],
                             errors: [String: AppError]) async throws -> Response {
        guard let model = try await KnowledgeSymbols.Page.query(organizationID: organizationID, request: req,
                                                                values: values, errors: errors)
        else { throw AppError.notFound }
        return req.page(req.t("symbols.title", ["organization": model.organization.name(req.language)]),
                        status: errors.isEmpty ? .ok : .unprocessableEntity,
                        KnowledgeSymbols.Page.view(model, request: req))
    }
}
