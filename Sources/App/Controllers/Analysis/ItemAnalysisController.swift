import Detection
import Evidence
import Fluent
import MediaMatch
import Vapor

/// An item's signals and the analyst's decision; thumbnails of its images.
enum ItemAnalysisController {
    struct DecisionForm: Content {
        var label: String?
    }

    @Sendable static func decide(req: Request) async throws -> Response {
        let (user, scope) = try req.authorize(.update, .item)
        guard scope == .all else { throw AppError.forbidden }
        let id = try req.idParameter()
        guard let label = try req.input(DecisionForm.self).label.flatMap(TriageLabel.init(rawValue:)) else {
            throw AppError.invalid("label", "error.unknown_value")
        }
        try await DecisionStore.record(itemID: id, label: label, actor: user.auditActor, app: req.application)
        return req.redirect(to: "/items/\(id)#signals")
    }

    /// The item's media file as a thumbnail of pixels we drew (`ThumbnailResponse`).
    @Sendable static func thumbnail(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.view, .item)
        let id = try req.idParameter()
        let index = try req.indexParameter("n")
        // Pixels we drew, shown on the item page whose opening is audited: checked, not audited again.
        try await EvidenceScope.check(.item(id), user: user, on: req.db)
        guard let item = try await Item.find(id, on: req.db) else { throw AppError.notFound }
        let media = StoredMedia.decodeList(item.media)
        guard index < media.count, let sha = media[index].sha256 else { throw AppError.notFound }
        return try ThumbnailResponse.make(sha256: sha, blobs: try BlobStore(root: req.kaiguul.blobDirectory))
    }
}
