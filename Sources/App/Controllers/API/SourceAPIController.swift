import Fluent
import KaiguulCore
import Vapor

enum SourceAPIController {
    struct Body: Content {
        var kind: String?
        var address: String?
        var title: String?
        var region_id: Int?
        var organization_id: Int?
        var check_interval_minutes: Int?
        var status: String?
        var notes: String?
        var capture_mode: String?
    }

    @Sendable static func index(req: Request) async throws -> Response {
        try req.authorize(.view, .source)
        try APIQuery.check(req, ["q": .text(max: 200), "kind": .oneOf(SourceKind.allCases.map(\.rawValue)),
                                 "region": .id, "status": .oneOf(SourceStatus.allCases.map(\.rawValue))])
        let filters = SourceIndex.Filters(q: String((req.query[String.self, at: "q"] ?? "").prefix(200)),
                                          kind: req.query[String.self, at: "kind"] ?? "",
                                          region: req.query[String.self, at: "region"] ?? "",
                                          status: req.query[String.self, at: "status"] ?? "")
        let paging = try APIQuery.paging(req)
        let (rows, total) = try await SourceIndex.query(on: req.db, filters: filters, paging: paging)
        return try .json(Page(items: rows.map(SourceDTO.init), total: total, page: paging.page, per_page: paging.perPage))
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try req.authorize(.view, .source)
        guard let s = try await Source.find(try req.idParameter(), on: req.db) else { throw AppError.notFound }
        return try .json(SourceDTO(s))
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.create, .source)
        let body = try req.input(Body.self)
        let input = try SourceInput.validate(raw(body, base: nil))
        do {
            let id = try await SourceStore.create(input, origin: .analyst, actor: user.auditActor, app: req.application)
            guard let s = try await Source.find(id, on: req.db) else { throw AppError.notFound }
            let response = try Response.json(SourceDTO(s), status: .created)
            response.headers.replaceOrAdd(name: .location, value: "/api/v1/sources/\(id)")
            return response
        } catch let d as SourceStore.Duplicate {
            return try duplicate(req, d)
        }
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .source)
        let id = try req.idParameter()
        guard let existing = try await Source.find(id, on: req.db) else { throw AppError.notFound }
        let body = try req.input(Body.self)
        let input = try SourceInput.validate(raw(body, base: existing))
        do {
            try await SourceStore.update(id: id, input, actor: user.auditActor, app: req.application)
        } catch let d as SourceStore.Duplicate {
            return try duplicate(req, d)
        }
        guard let s = try await Source.find(id, on: req.db) else { throw AppError.notFound }
        return try .json(SourceDTO(s))
    }

    private static func duplicate(_ req: Request, _ d: SourceStore.Duplicate) throws -> Response {
        struct Conflict: Encodable {
            var error: String
            var field: String
            var existing_id: Int
            var existing_url: String
        }
        return try .json(Conflict(error: req.t("source.duplicate"), field: "address", existing_id: d.existingID,
                                  existing_url: "/api/v1/sources/\(d.existingID)"), status: .conflict)
    }

    private static func raw(_ b: Body, base: Source?) -> SourceInput.Raw {
        let old = base.map(SourceForm.values(from:)) ?? SourceInput.Raw()
        return SourceInput.Raw(
            kind: b.kind ?? old.kind, address: b.address ?? old.address, title: b.title ?? old.title,
            region_id: b.region_id.map(String.init) ?? old.region_id,
            organization_id: b.organization_id.map(String.init) ?? old.organization_id,
            check_interval_minutes: b.check_interval_minutes.map(String.init) ?? old.check_interval_minutes,
            status: b.status ?? old.status, notes: b.notes ?? old.notes,
            capture_mode: b.capture_mode ?? old.capture_mode)
    }
}
