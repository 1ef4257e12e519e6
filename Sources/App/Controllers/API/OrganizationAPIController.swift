import Fluent
import Vapor

enum OrganizationAPIController {
    struct Body: Content {
        var name_ky: String?
        var name_ru: String?
        var name_en: String?
        var aliases: [String]?
        var designation: String?
        var court: String?
        var decision_number: String?
        var decision_date: String?
        var status: String?
        var notes: String?
    }

    @Sendable static func index(req: Request) async throws -> Response {
        try req.authorize(.view, .organization)
        try APIQuery.check(req, ["q": .text(max: 200), "designation": .oneOf(Designation.allCases.map(\.rawValue)),
                                 "status": .oneOf(["banned", "lifted"])])
        let filters = OrganizationIndex.Filters(q: String((req.query[String.self, at: "q"] ?? "").prefix(200)),
                                                designation: req.query[String.self, at: "designation"] ?? "",
                                                status: req.query[String.self, at: "status"] ?? "")
        let paging = try APIQuery.paging(req)
        let (rows, total) = try await OrganizationIndex.query(on: req.db, filters: filters, paging: paging)
        return try .json(Page(items: rows.map(OrganizationDTO.init), total: total, page: paging.page, per_page: paging.perPage))
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try req.authorize(.view, .organization)
        guard let org = try await Organization.find(try req.idParameter(), on: req.db) else { throw AppError.notFound }
        return try .json(OrganizationDTO(org))
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.create, .organization)
        let body = try req.input(Body.self)
        let input = try OrganizationInput.validate(try raw(body, base: nil))
        let id = try await OrganizationStore.create(input, actor: user.auditActor, app: req.application)
        guard let org = try await Organization.find(id, on: req.db) else { throw AppError.notFound }
        let response = try Response.json(OrganizationDTO(org), status: .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/organizations/\(id)")
        return response
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .organization)
        let id = try req.idParameter()
        guard let existing = try await Organization.find(id, on: req.db) else { throw AppError.notFound }
        let body = try req.input(Body.self)
        let input = try OrganizationInput.validate(try raw(body, base: existing))
        try await OrganizationStore.update(id: id, input, actor: user.auditActor, app: req.application)
        guard let org = try await Organization.find(id, on: req.db) else { throw AppError.notFound }
        return try .json(OrganizationDTO(org))
    }

    /// Merges a (possibly partial) body over the stored values, so PATCH changes only what it names.
    private static func raw(_ b: Body, base: Organization?) throws -> OrganizationInput.Raw {
        if let aliases = b.aliases, aliases.contains(where: { $0.contains(where: \.isNewline) }) {
            throw AppError.invalid("aliases", "error.control_chars")
        }
        let old = base.map(OrganizationForm.values(from:)) ?? OrganizationInput.Raw()
        return OrganizationInput.Raw(
            name_ky: b.name_ky ?? old.name_ky, name_ru: b.name_ru ?? old.name_ru, name_en: b.name_en ?? old.name_en,
            aliases: b.aliases.map { $0.joined(separator: "\n") } ?? old.aliases,
            designation: b.designation ?? old.designation, court: b.court ?? old.court,
            decision_number: b.decision_number ?? old.decision_number, decision_date: b.decision_date ?? old.decision_date,
            status: b.status ?? old.status, notes: b.notes ?? old.notes)
    }
}
