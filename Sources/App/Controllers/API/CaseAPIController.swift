import Exchange
import Fluent
import Foundation
import KaiguulCore
import Vapor

struct CaseDTO: Content {
    var id: Int
    var title: String
    var target: String
    var target_kind: String
    var platform: String?
    var region_id: Int?
    var organization_id: Int?
    var state: String
    var assignee_id: Int?
    var expert_id: Int?
    var parent_case_id: Int?
    var version: Int
    var created_at: String?
    var updated_at: String?

    init(_ c: CaseRecord) {
        id = c.id ?? 0
        title = c.title
        target = c.target
        target_kind = c.targetKind
        platform = c.platform
        region_id = c.regionID
        organization_id = c.organizationID
        state = c.state
        assignee_id = c.assigneeID
        expert_id = c.expertID
        parent_case_id = c.parentCaseID
        version = c.version
        created_at = c.createdAt.map(Formats.iso8601)
        updated_at = c.updatedAt.map(Formats.iso8601)
    }
}

struct CaseEventDTO: Content {
    var id: Int
    var action: String
    var from_state: String?
    var to_state: String?
    var actor_id: Int?
    var at: String
    var grounds: String
    var document_id: Int?

    init(_ e: CaseEvent) {
        id = e.id ?? 0
        action = e.action
        from_state = e.fromState
        to_state = e.toState
        actor_id = e.actorID
        at = Formats.iso8601(e.at)
        grounds = e.grounds
        document_id = e.documentID
    }
}

struct DocumentDTO: Content {
    var id: Int
    var sha256: String
    var size: Int
    var filename: String
    var content_type: String
    var kind: String
    var case_id: Int?
    var uploaded_at: String

    init(_ d: DocumentRecord) {
        id = d.id ?? 0
        sha256 = d.sha256
        size = d.size
        filename = d.filename
        content_type = d.contentType
        kind = d.kind
        case_id = d.caseID
        uploaded_at = Formats.iso8601(d.uploadedAt)
    }
}

struct BlockOrderDTO: Content {
    var id: Int
    var case_id: Int
    var court_decision_id: Int
    var target: String
    var target_kind: String
    var status: String
    var issued_at: String
    var lifted_at: String?
    var lifted_by_decision_id: Int?

    init(_ o: BlockOrder) {
        id = o.id ?? 0
        case_id = o.caseID
        court_decision_id = o.courtDecisionID
        target = o.target
        target_kind = o.targetKind
        status = o.status
        issued_at = Formats.iso8601(o.issuedAt)
        lifted_at = o.liftedAt.map(Formats.iso8601)
        lifted_by_decision_id = o.liftedByDecisionID
    }
}

struct CaseEvidenceDTO: Content {
    var id: Int
    var kind: String
    var added_at: String
    var added_by: Int?
    var note: String
    var url: String?
    var sha256: String?
    var capture_id: Int?
    var item_id: Int?
    var tip_id: Int?
    var document_id: Int?
    var captured_at: String?
    var collector: String?
    var http_status: Int?
    var content_type: String?
    var warc_file: String?
    var warc_offset: Int?
    var warc_length: Int?
    var record_digests: [String: String]?
    /// Where to open it: the item page, the archived view, the raw record, the document.
    var links: [String: String]

    init(_ e: CaseEvidenceEntry) {
        id = e.row.id ?? 0
        kind = e.kind.rawValue
        added_at = Formats.iso8601(e.row.addedAt)
        added_by = e.row.addedBy
        note = e.row.note
        url = e.row.url
        sha256 = e.sha256
        capture_id = e.capture?.id
        item_id = e.row.itemID
        tip_id = e.row.tipID
        document_id = e.row.documentID
        captured_at = e.capturedAt.map(Formats.iso8601)
        collector = e.capture?.collector
        http_status = e.capture?.httpStatus
        content_type = e.capture?.contentType
        warc_file = e.capture?.warcFile
        warc_offset = e.capture?.warcOffset
        warc_length = e.capture?.warcLength
        let digests = e.recordDigests
        record_digests = digests.isEmpty ? nil : Dictionary(digests, uniquingKeysWith: { a, _ in a })
        links = Dictionary(CaseShow.links(of: e).map { ($0.rel, $0.href) }, uniquingKeysWith: { a, _ in a })
    }
}

enum CaseAPIController {
    @Sendable static func evidence(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.view, .case)
        let record = try await CaseQuery.find(try req.idParameter(), on: req.db, user: user)
        let entries = try await CaseEvidenceQuery.entries(caseID: try record.requireID(), on: req.db)
        return try .json(Page(items: entries.map(CaseEvidenceDTO.init), total: entries.count, page: 1,
                              per_page: max(entries.count, 1)))
    }

    struct EvidenceBody: Content {
        var capture_ids: [Int]?
        var item_ids: [Int]?
        var tip_ids: [Int]?
        var note: String?
    }

    struct EvidenceReply: Content {
        var added: Int
        var evidence: [CaseEvidenceDTO]
    }

    @Sendable static func addEvidence(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .case)
        let id = try req.idParameter()
        _ = try await CaseQuery.find(id, on: req.db, user: user)
        let body = try req.input(EvidenceBody.self)
        let selection = EvidenceSelection(itemIDs: body.item_ids ?? [], tipIDs: body.tip_ids ?? [],
                                          captureIDs: body.capture_ids ?? [])
        let added = try await CaseEvidenceStore.add(selection, caseID: id, note: String((body.note ?? "").prefix(10_000)),
                                                    actor: .init(user), app: req.application)
        let entries = try await CaseEvidenceQuery.entries(caseID: id, on: req.db)
        return try .json(EvidenceReply(added: added, evidence: entries.map(CaseEvidenceDTO.init)),
                         status: added > 0 ? .created : .ok)
    }

    struct CaptureBody: Content {
        var note: String?
        /// `CaptureMode`: `http` (the default), `browser` or `video`.
        var mode: String?
    }

    struct CaptureReply: Content {
        var capture_id: Int
        var media_capture_ids: [Int]
        var payload_sha256: String?
    }

    /// Captures the case's target now through the guarded fetcher and attaches it.
    @Sendable static func captureNow(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .case)
        let id = try req.idParameter()
        _ = try await CaseQuery.find(id, on: req.db, user: user)
        let body = try? req.input(CaptureBody.self)
        let note = String((body?.note ?? "").prefix(10_000))
        let given = (body?.mode ?? "").trimmingCharacters(in: .whitespaces)
        guard let mode = given.isEmpty ? .http : CaptureMode(rawValue: given) else {
            throw AppError.invalid("mode", "error.unknown_value")
        }
        let captured = try await CaseCapture.captureTarget(caseID: id, note: note, mode: mode, actor: .init(user),
                                                           app: req.application)
        return try .json(CaptureReply(capture_id: captured.pageCaptureID, media_capture_ids: captured.mediaCaptureIDs,
                                      payload_sha256: captured.payloadSHA256), status: .created)
    }


    @Sendable static func index(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.view, .case)
        let list = try ListQuery.api(req, CaseQuery.listFilters())
        let paging = list.paging
        let (rows, total) = try await CaseQuery.list(on: req.db, user: user, filters: .from(list), paging: paging)
        return try .json(Page(items: rows.map(CaseDTO.init), total: total, page: paging.page, per_page: paging.perPage))
    }

    struct ShowBody: Content {
        var `case`: CaseDTO
        var events: [CaseEventDTO]
        var documents: [DocumentDTO]
        var block_orders: [BlockOrderDTO]
        var available_actions: [String]
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.view, .case)
        let record = try await CaseQuery.find(try req.idParameter(), on: req.db, user: user)
        let id = try record.requireID()
        let events = try await CaseEvent.query(on: req.db).filter(\.$caseID == id).sort(\.$id).all()
        let documents = try await DocumentRecord.query(on: req.db).filter(\.$caseID == id).sort(\.$id).all()
        // Block orders only for roles that may view them (an expert may not), as on the case page.
        let orders = req.visibility.sees(.blockOrder)
            ? try await BlockOrder.query(on: req.db).filter(\.$caseID == id).sort(\.$id).all() : []
        let actions = CaseActions.available(for: record, user: user)
        return try .json(ShowBody(case: CaseDTO(record), events: events.map(CaseEventDTO.init),
                                  documents: documents.map(DocumentDTO.init), block_orders: orders.map(BlockOrderDTO.init),
                                  available_actions: actions.map(\.rawValue)))
    }

    struct CreateBody: Content {
        var title: String?
        var target: String?
        var region_id: Int?
        var organization_id: Int?
        var assignee_id: Int?
        var evidence_url: String?
        var note: String?
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.create, .case)
        let body = try req.input(CreateBody.self)
        let input = try CaseInput.validate(.init(
            title: body.title, target: body.target, region_id: body.region_id.map(String.init),
            organization_id: body.organization_id.map(String.init), assignee_id: body.assignee_id.map(String.init),
            evidence_url: body.evidence_url, note: body.note))
        return try await open(input, user: user, req: req)
    }

    /// Opens a case (holding `evidence`, if any) and answers 201 with it, or the workflow's refusal.
    static func open(_ input: CaseInput, evidence: EvidenceSelection = .init(), user: CurrentUser, req: Request)
        async throws -> Response
    {
        let id: Int
        do {
            id = try await refusals {
                try await CaseStore.open(input, evidence: evidence, actor: .init(user), app: req.application)
            }
        } catch let r as RefusalResponse {
            return try r.json(req)
        }
        guard let record = try await CaseRecord.find(id, on: req.db) else { throw AppError.notFound }
        let response = try Response.json(CaseDTO(record), status: .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/cases/\(id)")
        return response
    }

    struct TransitionBody: Content {
        var action: String?
        var grounds: String?
        var document_id: Int?
        var expert_id: Int?
        var finding: String?
        var outcome: String?
        var court: String?
        var number: String?
        var date: String?
        var targets: [String]?
        var mirror_target: String?
        var covers_mirrors: Bool?
    }

    struct TransitionReply: Content {
        var `case`: CaseDTO
        var from: String
        var to: String
        var linked_case_id: Int?
        var issued_block_orders: [Int]
        var lifted_block_orders: [Int]
    }

    @Sendable static func transition(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .case)
        let id = try req.idParameter()
        _ = try await CaseQuery.find(id, on: req.db, user: user)
        let body = try req.input(TransitionBody.self)
        let request = try TransitionRequest.validate(.init(
            action: body.action, grounds: body.grounds, document_id: body.document_id.map(String.init),
            expert_id: body.expert_id.map(String.init), finding: body.finding, outcome: body.outcome,
            court: body.court, number: body.number, date: body.date, targets: body.targets?.joined(separator: "\n"),
            mirror_target: body.mirror_target, covers_mirrors: body.covers_mirrors == true ? "true" : nil))
        let outcome: CaseStore.Outcome
        do {
            outcome = try await refusals {
                try await CaseStore.transition(caseID: id, request, actor: .init(user), app: req.application)
            }
        } catch let r as RefusalResponse {
            return try r.json(req)
        }
        guard let record = try await CaseRecord.find(id, on: req.db) else { throw AppError.notFound }
        return try .json(TransitionReply(case: CaseDTO(record), from: outcome.from.rawValue, to: outcome.to.rawValue,
                                         linked_case_id: outcome.linkedCaseID,
                                         issued_block_orders: outcome.issuedOrders,
                                         lifted_block_orders: outcome.liftedOrders))
    }

    /// A workflow refusal as `{ error, code, field }` with its status; a lost race as 409 `stale`.
    static func refusals<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let refused as CaseStore.Refused {
            if refused.refusal.category == .hidden { throw AppError.notFound }
            throw RefusalResponse(status: refused.status, code: refused.refusal.code, field: refused.field)
        } catch is CaseStore.Stale {
            throw RefusalResponse(status: .conflict, code: "stale", field: nil)
        }
    }

    @Sendable static func uploadDocument(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.create, .document)
        let id = try req.idParameter()
        let record = try await CaseQuery.find(id, on: req.db, user: user)
        try APIQuery.check(req, ["filename": .text(max: 200)])
        let upload = try DocumentUpload.read(req)
        try upload.authorizeKind(req, on: record)
        let stored = try await DocumentStore.store(upload.data, filename: upload.filename, kind: upload.kind,
                                                   caseID: id, actor: .init(user), app: req.application)
        guard let document = try await DocumentRecord.find(stored.id, on: req.db) else { throw AppError.notFound }
        return try .json(DocumentDTO(document), status: .created)
    }

    @Sendable static func downloadDocument(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.view, .document)
        let (document, data) = try await DocumentStore.download(id: try req.idParameter(), actor: .init(user),
                                                                app: req.application)
        return DocumentUpload.response(document, data)
    }

    @Sendable static func blockOrders(req: Request) async throws -> Response {
        try req.authorize(.view, .blockOrder)
        let list = try ListQuery.api(req, BlockOrderIndex.filters)
        let paging = list.paging
        let query = BlockOrderIndex.orders(on: req.db, list: list)
        let total = try await query.count()
        let rows = try await query.sort(\.$id, .descending).range(paging.offset..<(paging.offset + paging.perPage)).all()
        return try .json(Page(items: rows.map(BlockOrderDTO.init), total: total, page: paging.page,
                              per_page: paging.perPage))
    }

    @Sendable static func blocklist(req: Request) async throws -> Response {
        try req.authorize(.view, .blocklist)
        try APIQuery.check(req, ["zone": .text(max: 253)])
        let format = String((req.query[String.self, at: "format"] ?? "rpz").prefix(20))
        let zone = String((req.query[String.self, at: "zone"] ?? "rpz.kaiguul").prefix(253))
        let rendered = try await BlocklistService.render(format: format, zone: zone, on: req.db,
                                                        cache: req.application.blocklistCache)
        return BlocklistResponse.make(rendered, ifNoneMatch: req.headers.first(name: .ifNoneMatch))
    }
}

/// A refusal answered with its stable code, so API clients can act on it: `{ error, code, field }`.
struct RefusalResponse: AbortError, Sendable {
    var status: HTTPResponseStatus
    var code: String
    var field: String?

    var reason: String { code }

    /// The translation key of a refusal code (`case.refusal.wrong_state`).
    static func key(_ code: String) -> String { "case.refusal.\(code)" }

    func json(_ req: Request) throws -> Response {
        struct Body: Encodable {
            var error: String
            var code: String
            var field: String?
        }
        return try .json(Body(error: req.t(RefusalResponse.key(code)), code: code, field: field), status: status)
    }
}

enum BlocklistResponse {
    static func make(_ rendered: BlocklistService.Rendered, ifNoneMatch: String?) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .eTag, value: rendered.etag)
        headers.replaceOrAdd(name: "X-Blocklist-Serial", value: String(rendered.serial))
        headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        if let ifNoneMatch, Exchange.BlocklistETag.matches(ifNoneMatch: ifNoneMatch, etag: rendered.etag) {
            return Response(status: .notModified, headers: headers)
        }
        headers.replaceOrAdd(name: .contentType, value: rendered.mediaType)
        return Response(status: .ok, headers: headers, body: .init(string: rendered.body))
    }
}
