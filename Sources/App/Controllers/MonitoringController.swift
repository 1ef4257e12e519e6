import Evidence
import Fluent
import KaiguulCore
import Vapor

/// The monitoring pages: a source's timeline, an item with its evidence, raw record and media
/// downloads (each logged), and the candidate sources an analyst accepts or rejects.
enum MonitoringController {
    @Sendable static func timeline(req: Request) async throws -> Response {
        let (_, scope) = try req.authorize(.view, .item)
        // Experts see items through the cases referred to them, not a source's whole timeline.
        guard scope == .all else { throw AppError.forbidden }
        guard let source = try await Source.find(try req.idParameter(), on: req.db) else { throw AppError.notFound }
        let paging = Paging.from(req)
        let (items, total) = try await SourceTimeline.query(sourceID: try source.requireID(), paging: paging, on: req.db)
        let model = SourceTimeline.Model(source: source, items: items, total: total, paging: paging)
        return req.page(req.t("timeline.title", ["source": source.title.isEmpty ? source.address : source.title]),
                        SourceTimeline.view(model, request: req))
    }

    @Sendable static func item(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.view, .item)
        let id = try req.idParameter()
        // Experts and legal officers open the items of their cases only (404 for the rest).
        try await EvidenceScope.check(.item(id), user: user, on: req.db)
        guard let found = try await ItemShow.query(id: id, seen: req.visibility, on: req.db) else {
            throw AppError.notFound
        }
        let (item, source, sourceLink, capture, versions) = found
        try await Custody.record(
            .itemOpen, .item(id), user: user, sha256: capture?.payloadSHA256,
            more: Custody.digests(of: capture).merging(["content_sha256": item.contentSHA256 ?? ""]) { a, _ in a },
            app: req.application)
        let media = StoredMedia.decodeList(item.media)
        var model = ItemShow.Model(item: item, source: source, sourceLink: sourceLink, capture: capture,
                                   versions: versions, media: media, canDownload: canDownload(req))
        (model.captured, model.capturedText) = try await ItemShow.captured(for: item, app: req.application)
        let itemID = try item.requireID()
        let blobs = req.can(.view, .triage) ? try? BlobStore(root: req.kaiguul.blobDirectory) : nil
        let (signals, reasons, decision) = try await ItemSignals.query(item: item, media: media, language: req.language,
                                                                      blobs: blobs, on: req.db)
        let findings = ItemSignals.Model(itemID: itemID, signals: signals, reasons: reasons, decision: decision,
                                         canDecide: req.can(.update, .item), csrf: CSRFMiddleware.token(for: req))
        let bankFeedback = try await BankFeedbackSection.node(itemID: itemID, request: req)
        return req.page(req.t("item.title"), .div(ItemShow.view(model, request: req),
                                                  ItemSignals.view(findings, request: req), bankFeedback))
    }

    private static func canDownload(_ req: Request) -> Bool {
        guard let user = req.currentUser else { return false }
        // Whoever reached the item may download its records; the route checks the scope again.
        return Permissions.decide(role: user.role, action: .view, resource: .capture).isAllowed
    }

    /// The response record exactly as stored (its own gzip member: a one-record `.warc.gz`).
    @Sendable static func rawRecord(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.view, .capture)
        let id = try req.idParameter()
        try await EvidenceScope.check(.capture(id), user: user, on: req.db)
        guard let capture = try await Capture.find(id, on: req.db), let name = capture.warcFile,
              let offset = capture.warcOffset, let length = capture.warcLength, length > 0,
              length <= 512 * 1_048_576 else { throw AppError.notFound }
        let services = try req.application.monitoring
        guard let file = WARCFileName.url(name, in: services.warcDirectory) else { throw AppError.notFound }
        var data = Data()
        data.reserveCapacity(length)
        try WARCReader.copyRawRecord(file: file, location: WARCRecordLocation(
            filename: name, offset: UInt64(offset), length: UInt64(length))) { data.append($0) }
        try await Custody.record(
            .captureDownload, .capture(id), user: user, sha256: capture.payloadSHA256,
            more: Custody.digests(of: capture).merging(["file_sha256": sha256Hex(data)]) { a, _ in a },
            app: req.application)
        return download(data, type: "application/warc", name: "kaiguul-capture-\(id).warc.gz")
    }

    /// A media file of an item from the blob store, as an attachment (never rendered in our origin).
    @Sendable static func media(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.view, .item)
        let id = try req.idParameter()
        let index = try req.indexParameter("n")
        try await EvidenceScope.check(.item(id), user: user, on: req.db)
        guard let item = try await Item.find(id, on: req.db) else { throw AppError.notFound }
        let media = StoredMedia.decodeList(item.media)
        guard index < media.count, let sha = media[index].sha256 else { throw AppError.notFound }
        let data = try req.application.monitoring.blobs.read(sha, maxBytes: 512 * 1_048_576)
        let mediaCapture = try await media[index].captureID.asyncMap { try await Capture.find($0, on: req.db) } ?? nil
        // The file is evidence of its own capture; an old item without one names the item.
        let object: Custody.Object = mediaCapture?.id.map { .capture($0) } ?? .item(id)
        try await Custody.record(
            .mediaDownload, object, user: user, sha256: sha,
            more: Custody.digests(of: mediaCapture).merging(
                ["item_id": String(id), "media_index": String(index)]) { a, _ in a },
            app: req.application)
        return download(data, type: "application/octet-stream", name: "kaiguul-\(sha.prefix(16))")
    }

    private static func download(_ data: Data, type: String, name: String) -> Response {
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: type)
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name)\"")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return response
    }

    @Sendable static func candidates(req: Request) async throws -> Response {
        try req.authorize(.view, .source)
        let status = CandidateStatus(rawValue: req.query[String.self, at: "status"] ?? "")?.rawValue ?? "pending"
        let paging = Paging.from(req)
        let (rows, total) = try await CandidateIndex.query(status: status, paging: paging, on: req.db)
        let model = CandidateIndex.Model(candidates: rows, total: total, status: status, paging: paging,
                                         canDecide: req.can(.create, .source), csrf: CSRFMiddleware.token(for: req))
        return req.page(req.t("candidate.list.title"), CandidateIndex.view(model, request: req))
    }

    @Sendable static func accept(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.create, .source)
        let sourceID = try await CandidateStore.decide(id: try req.idParameter(), .accept, actor: user.auditActor,
                                                       app: req.application)
        return req.redirect(to: sourceID.map { "/sources/\($0)" } ?? "/candidates")
    }

    @Sendable static func reject(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.create, .source)
        _ = try await CandidateStore.decide(id: try req.idParameter(), .reject, actor: user.auditActor, app: req.application)
        return req.redirect(to: "/candidates")
    }
}
