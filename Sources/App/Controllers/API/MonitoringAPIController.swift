import Fluent
import Vapor

/// Items and candidate sources through the API, with the same permission checks and stores as
/// the pages.
enum MonitoringAPIController {
    @Sendable static func items(req: Request) async throws -> Response {
        let (_, scope) = try req.authorize(.view, .item)
        guard scope == .all else { throw AppError.forbidden }
        guard let source = try await Source.find(try req.idParameter(), on: req.db) else { throw AppError.notFound }
        let paging = try APIQuery.paging(req)
        let (items, total) = try await SourceTimeline.query(sourceID: try source.requireID(), paging: paging, on: req.db)
        return try .json(Page(items: items.map(ItemDTO.init), total: total, page: paging.page, per_page: paging.perPage))
    }

    @Sendable static func item(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.view, .item)
        let id = try req.idParameter()
        try await EvidenceScope.check(.item(id), user: user, on: req.db)
        guard let (item, _, _, capture, versions) = try await ItemShow.query(id: id, seen: req.visibility, on: req.db)
        else {
            throw AppError.notFound
        }
        try await Custody.record(
            .itemOpen, .item(id), user: user, sha256: capture?.payloadSHA256,
            more: Custody.digests(of: capture).merging(["content_sha256": item.contentSHA256 ?? ""]) { a, _ in a },
            app: req.application)
        let detail = ItemDetailDTO(
            item: ItemDTO(item), capture: capture.map(CaptureDTO.init),
            versions: versions.map {
                ItemVersionDTO(id: $0.id ?? 0, version: $0.version, content_sha256: $0.contentSHA256,
                               gone_at: $0.goneAt.map(Formats.iso8601), created_at: $0.createdAt.map(Formats.iso8601))
            })
        return try .json(detail)
    }

    @Sendable static func candidates(req: Request) async throws -> Response {
        try req.authorize(.view, .source)
        let requested = req.query[String.self, at: "status"] ?? "pending"
        guard let status = CandidateStatus(rawValue: requested) else {
            throw AppError.invalid("status", "error.unknown_value")
        }
        let paging = try APIQuery.paging(req)
        let (rows, total) = try await CandidateIndex.query(status: status.rawValue, paging: paging, on: req.db)
        return try .json(Page(items: rows.map(CandidateDTO.init), total: total, page: paging.page,
                              per_page: paging.perPage))
    }

    @Sendable static func accept(req: Request) async throws -> Response {
        try await decide(req, .accept)
    }

    @Sendable static func reject(req: Request) async throws -> Response {
        try await decide(req, .reject)
    }

    private static func decide(_ req: Request, _ decision: CandidateStore.Decision) async throws -> Response {
        let (user, _) = try req.authorize(.create, .source)
        let id = try req.idParameter()
        _ = try await CandidateStore.decide(id: id, decision, actor: user.auditActor, app: req.application)
        guard let candidate = try await SourceCandidate.find(id, on: req.db) else { throw AppError.notFound }
        return try .json(CandidateDTO(candidate))
    }
}
