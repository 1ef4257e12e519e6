import Detection
import Fluent
import Foundation
import Vapor

/// `/api/v1/indicators`: the indicator registry for scripts, with the page's rules.
enum IndicatorAPIController {
    struct Body: Content {
        var organization_id: Int?
        var value: String?
        var mode: String?
        var language: String?
        var weight: Double?
    }

    struct IndicatorDTO: Content {
        var id: Int
        var organization_id: Int?
        var value: String
        var mode: String
        var language: String
        var weight: Double
        /// `active` or `retired`.
        var state: String
        var retired_at: String?

        init(_ row: IndicatorRecord) {
            id = row.id ?? 0
            organization_id = row.$organization.id
            value = row.value
            mode = row.mode
            language = row.language
            weight = row.weight
            state = row.retiredAt == nil ? "active" : "retired"
            retired_at = row.retiredAt.map(Formats.iso8601)
        }
    }

    @Sendable static func index(req: Request) async throws -> Response {
        try req.authorize(.view, .indicator)
        try APIQuery.check(req, ["q": .text(max: 200), "organization_id": .id,
                                 "mode": .oneOf(IndicatorMode.allCases.map(\.rawValue)), "language": .code(max: 8),
                                 "state": .oneOf(["active", "retired"])])
        let paging = try APIQuery.paging(req)
        let filters = IndicatorIndex.Filters.from(req)
        let (rows, total) = try await IndicatorIndex.query(on: req.db, filters: filters, paging: paging, language: req.language)
        let records = try await IndicatorRecord.query(on: req.db).filter(\.$id ~~ rows.map(\.id)).all()
        let byID = Dictionary(uniqueKeysWithValues: records.compactMap { r in r.id.map { ($0, r) } })
        let items = rows.compactMap { byID[$0.id] }.map(IndicatorDTO.init)
        return try .json(Page(items: items, total: total, page: paging.page, per_page: paging.perPage))
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.create, .indicator)
        let input = try IndicatorInput.validate(raw(try req.input(Body.self), base: nil))
        let id = try await IndicatorStore.create(input, actor: user.auditActor, app: req.application)
        let response = try Response.json(try await dto(id, on: req.db), status: .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/indicators/\(id)")
        return response
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .indicator)
        let id = try req.idParameter()
        guard let existing = try await IndicatorRecord.find(id, on: req.db) else { throw AppError.notFound }
        let input = try IndicatorInput.validate(raw(try req.input(Body.self), base: existing))
        try await IndicatorStore.update(id: id, input, actor: user.auditActor, app: req.application)
        return try .json(try await dto(id, on: req.db))
    }

    @Sendable static func retire(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.delete, .indicator)
        let id = try req.idParameter()
        try await IndicatorStore.retire(id: id, actor: user.auditActor, app: req.application)
        return try .json(try await dto(id, on: req.db))
    }

    private static func dto(_ id: Int, on db: any Database) async throws -> IndicatorDTO {
        guard let row = try await IndicatorRecord.find(id, on: db) else { throw AppError.notFound }
        return IndicatorDTO(row)
    }

    /// Merges a (possibly partial) body over the stored values, so PATCH changes only what it names.
    private static func raw(_ b: Body, base: IndicatorRecord?) -> IndicatorInput.Raw {
        let old = base.map(IndicatorForm.values(from:)) ?? IndicatorInput.Raw()
        return IndicatorInput.Raw(organization_id: b.organization_id.map(String.init) ?? old.organization_id,
                                  value: b.value ?? old.value, mode: b.mode ?? old.mode,
                                  language: b.language ?? old.language, weight: b.weight.map { String($0) } ?? old.weight)
    }
}
